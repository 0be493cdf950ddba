package com.example.blog.service;

import static com.example.blog.testing.Futures.failureOf;
import static com.example.blog.testing.InMemoryBlogRepository.Operation.DELETE;
import static com.example.blog.testing.InMemoryBlogRepository.Operation.FIND;
import static com.example.blog.testing.InMemoryBlogRepository.Operation.INSERT;
import static com.example.blog.testing.InMemoryBlogRepository.Operation.UPDATE;
import static com.example.blog.testing.InMemoryBlogRepository.SEED_TO_DELETE;
import static com.example.blog.testing.InMemoryBlogRepository.SEED_WELCOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.blog.async.Deadline;
import com.example.blog.repository.BlogRecord;
import com.example.blog.storage.ImageType;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.Invariant;
import com.example.blog.testing.SampleImages;

/**
 * The compensation rules, with failures scripted into in-memory fakes of the table and the bucket (the real
 * endpoints cannot be made to fail on cue; infra's integration tests cover the real calls). Every test ends by
 * checking the invariant: no row points at a missing object and no object is unreferenced.
 */
class BlogServiceTest {

    private static final byte[] PNG = SampleImages.png();
    private static final Deadline DEADLINE = Deadline.after(Duration.ofSeconds(30));

    private final InMemoryBlogRepository repository = InMemoryBlogRepository.seeded();
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final BlogService service = new BlogService(repository, images);
    private boolean invariantMayBreak;

    @AfterEach
    void invariantHolds() {
        if (!invariantMayBreak) {
            Invariant.assertHolds(repository, images);
        }
    }

    private static BlogDraft withImage(String title) {
        return new BlogDraft(title, "content", new Image(PNG, ImageType.PNG), false);
    }

    private static BlogDraft textOnly(String title) {
        return new BlogDraft(title, "content", null, false);
    }


    private Blog createWithImage() {
        return service.create("alice", withImage("With image"), DEADLINE).join();
    }

    @Test
    void create_withImage_storesObjectWithContentTypeAndRowPointingAtIt() {
        Blog blog = createWithImage();

        String key = repository.row(blog.id()).orElseThrow().imageKey();
        assertThat(key).matches("images/[0-9a-f-]{36}\\.png");
        assertThat(images.objects().get(key).contentType()).isEqualTo("image/png");
        assertThat(blog.imageUrl()).isEqualTo("https://images.example.test/" + key);
        assertThat(blog.author()).isEqualTo("alice");
        assertThat(blog.version()).isEqualTo(1);
    }

    @Test
    void create_whenInsertIsRejected_deletesTheUploadedObject() {
        repository.failNext(INSERT, InMemoryBlogRepository.rejected());

        assertThat(failureOf(service.create("alice", withImage("x"), DEADLINE))).hasMessageContaining("rejected");

        assertThat(images.objects()).isEmpty();
    }

    @Test
    void create_whenInsertTimesOutButApplied_readsTheRowBackAndSucceeds() {
        repository.failNext(INSERT, InMemoryBlogRepository.timedOut(), true);

        Blog blog = service.create("alice", withImage("x"), DEADLINE).join();

        assertThat(repository.row(blog.id())).isPresent();
        assertThat(images.objects()).hasSize(1);
    }

    @Test
    void create_whenInsertTimesOutAndDidNotApply_deletesTheObject() {
        repository.failNext(INSERT, InMemoryBlogRepository.timedOut(), false);

        assertThat(failureOf(service.create("alice", withImage("x"), DEADLINE))).hasMessageContaining("timed out");

        assertThat(images.objects()).isEmpty();
    }

    @Test
    void create_whenOutcomeIsUnknownAndRowCannotBeRead_keepsTheObjectRatherThanRiskADanglingRow() {
        repository.failNext(INSERT, InMemoryBlogRepository.timedOut(), true);
        repository.failNext(FIND, InMemoryBlogRepository.rejected());

        Throwable failure = failureOf(service.create("alice", withImage("x"), DEADLINE));

        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(images.objects()).hasSize(1);
    }

    @Test
    void create_withoutImageWhenInsertTimesOutButApplied_returnsTheRowInsteadOfAnError() {
        repository.failNext(INSERT, InMemoryBlogRepository.timedOut(), true);

        Blog blog = service.create("alice", textOnly("Once"), DEADLINE).join();

        assertThat(repository.row(blog.id())).isPresent();
    }

    @Test
    void create_withoutImageWhenInsertTimesOutAndDidNotApply_reportsTheFailure() {
        repository.failNext(INSERT, InMemoryBlogRepository.timedOut(), false);

        assertThat(failureOf(service.create("alice", textOnly("Lost"), DEADLINE))).hasMessageContaining("timed out");
        assertThat(repository.rows()).hasSize(2);
    }

    @Test
    void create_whenUploadFails_deletesTheInsertedRow() {
        images.failNextPut(new IllegalStateException("S3 is down"));

        assertThat(failureOf(service.create("alice", withImage("Lost"), DEADLINE))).hasMessage("S3 is down");

        assertThat(repository.rows()).containsOnlyKeys(SEED_WELCOME, SEED_TO_DELETE);
    }

    @Test
    void create_whenBothCallsFail_leavesNothingBehind() {
        images.failNextPut(new IllegalStateException("S3 is down"));
        repository.failNext(INSERT, InMemoryBlogRepository.rejected());

        failureOf(service.create("alice", withImage("x"), DEADLINE));

        assertThat(repository.rows()).hasSize(2);
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void create_whenCompensatingDeleteFails_reportsTheOriginalErrorWithTheCompensationSuppressed() {
        repository.failNext(INSERT, InMemoryBlogRepository.rejected());
        images.failNextDelete(new IllegalStateException("delete failed"));
        invariantMayBreak = true; // the orphan this leaves is what the suppressed error reports

        Throwable failure = failureOf(service.create("alice", withImage("x"), DEADLINE));

        assertThat(failure).hasMessageContaining("rejected");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("delete failed");
    }

    @Test
    void update_withNewImage_replacesTheObjectAndDeletesTheOldOne() {
        Blog created = createWithImage();
        String oldKey = repository.row(created.id()).orElseThrow().imageKey();

        Blog updated = service.update("alice", created.id(), withImage("New"), null, DEADLINE).join();

        String newKey = repository.row(created.id()).orElseThrow().imageKey();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(images.objects()).containsOnlyKeys(newKey);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.title()).isEqualTo("New");
    }

    @Test
    void update_withoutImage_keepsTheCurrentImage() {
        Blog created = createWithImage();

        Blog updated = service.update("alice", created.id(), textOnly("Renamed"), null, DEADLINE).join();

        assertThat(updated.imageUrl()).isEqualTo(created.imageUrl());
    }

    @Test
    void update_withRemoveImage_dropsTheImage() {
        Blog created = createWithImage();

        Blog updated = service.update("alice", created.id(), new BlogDraft("T", "C", null, true), null, DEADLINE)
                .join();

        assertThat(updated.imageUrl()).isNull();
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void update_whenPostIsMissingOrNotTheCallers_deletesTheUploadedObject() {
        assertThat(failureOf(service.update("alice", UUID.randomUUID(), withImage("x"), null, DEADLINE)))
                .isInstanceOf(BlogException.NotFound.class);
        assertThat(failureOf(service.update("bob", SEED_WELCOME, withImage("x"), null, DEADLINE)))
                .isInstanceOf(BlogException.NotAuthor.class);

        assertThat(images.objects()).isEmpty();
    }

    @Test
    void update_whenIfMatchIsStale_returnsPreconditionFailedAndStoresNothing() {
        IfMatch stale = new IfMatch(false, Set.of(7L));

        assertThat(failureOf(service.update("alice", SEED_WELCOME, withImage("x"), stale, DEADLINE)))
                .isInstanceOf(BlogException.PreconditionFailed.class);
        assertThat(repository.row(SEED_WELCOME).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void update_whenAnotherWriteLandsBetweenReadAndWrite_theSqlVersionCheckRejectsIt() {
        Runnable concurrentWriter = () -> {
            BlogRecord row = repository.row(SEED_WELCOME).orElseThrow();
            repository.put(new BlogRecord(row.id(), "Theirs", row.author(), row.content(), null, row.createdAt(),
                    row.modifiedAt(), row.version() + 1));
        };

        repository.afterNextFind(concurrentWriter);
        assertThat(failureOf(service.update("alice", SEED_WELCOME, withImage("Mine"), null, DEADLINE)))
                .isInstanceOf(BlogException.Conflict.class);
        repository.afterNextFind(concurrentWriter);
        assertThat(failureOf(service.update("alice", SEED_WELCOME, withImage("Mine"), new IfMatch(false, Set.of(2L)),
                DEADLINE))).isInstanceOf(BlogException.PreconditionFailed.class);

        assertThat(repository.row(SEED_WELCOME).orElseThrow().title()).isEqualTo("Theirs");
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void update_withIfMatchAnyWhenAnotherWriteLandsBetweenReadAndWrite_retriesOnTheCurrentVersionAndWins() {
        Blog created = createWithImage();
        repository.afterNextFind(() -> service.update("alice", created.id(), withImage("Theirs"), IfMatch.ANY,
                DEADLINE).join());

        Blog mine = service.update("alice", created.id(), withImage("Mine"), IfMatch.ANY, DEADLINE).join();

        assertThat(mine.title()).isEqualTo("Mine");
        assertThat(mine.version()).isEqualTo(3);
        assertThat(images.objects()).containsOnlyKeys(repository.row(created.id()).orElseThrow().imageKey());
    }

    @Test
    void update_withIfMatchAnyAndNoImage_keepsTheImageTheWinningWriteLeft() {
        Blog created = createWithImage();
        repository.afterNextFind(() -> service.update("alice", created.id(), withImage("Theirs"), IfMatch.ANY,
                DEADLINE).join());

        Blog mine = service.update("alice", created.id(), textOnly("Mine"), IfMatch.ANY, DEADLINE).join();

        String theirKey = repository.row(created.id()).orElseThrow().imageKey();
        assertThat(mine.title()).isEqualTo("Mine");
        assertThat(images.objects()).containsOnlyKeys(theirKey);
    }

    @Test
    void raceOfPutAndDeleteWithIfMatchAny_whenThePutLandsFirst_theDeleteStillSucceeds() {
        Blog created = createWithImage();
        repository.afterNextFind(() -> service.update("alice", created.id(), withImage("Put"), IfMatch.ANY, DEADLINE)
                .join());

        service.delete("alice", created.id(), IfMatch.ANY, DEADLINE).join();

        assertThat(repository.row(created.id())).isEmpty();
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void raceOfPutAndDeleteWithIfMatchAny_whenTheDeleteLandsFirst_thePutFailsWith412AndLeavesNoObject() {
        Blog created = createWithImage();
        repository.afterNextFind(() -> service.delete("alice", created.id(), IfMatch.ANY, DEADLINE).join());

        Throwable failure = failureOf(service.update("alice", created.id(), withImage("Put"), IfMatch.ANY, DEADLINE));

        assertThat(failure).isInstanceOf(BlogException.PreconditionFailed.class).hasMessageContaining("deleted");
        assertThat(repository.row(created.id())).isEmpty();
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void update_withIfMatchAnyWhenWritesKeepLandingFirst_givesUpAfterItsAttempts() {
        Runnable concurrentWriter = () -> {
            BlogRecord row = repository.row(SEED_WELCOME).orElseThrow();
            repository.put(new BlogRecord(row.id(), "Theirs", row.author(), row.content(), null, row.createdAt(),
                    row.modifiedAt(), row.version() + 1));
        };
        for (int i = 0; i < BlogService.WILDCARD_ATTEMPTS; i++) {
            repository.afterNextFind(concurrentWriter);
        }

        assertThat(failureOf(service.update("alice", SEED_WELCOME, withImage("Mine"), IfMatch.ANY, DEADLINE)))
                .isInstanceOf(BlogException.PreconditionFailed.class);
        assertThat(repository.row(SEED_WELCOME).orElseThrow().version()).isEqualTo(1 + BlogService.WILDCARD_ATTEMPTS);
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void update_whenUploadFails_keepsTheRowAndItsImage() {
        Blog created = createWithImage();
        images.failNextPut(new IllegalStateException("S3 is down"));

        assertThat(failureOf(service.update("alice", created.id(), withImage("x"), null, DEADLINE)))
                .hasMessage("S3 is down");

        assertThat(repository.row(created.id()).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void update_whenWriteIsRejected_deletesTheNewObjectAndKeepsTheOld() {
        Blog created = createWithImage();
        repository.failNext(UPDATE, InMemoryBlogRepository.rejected());

        failureOf(service.update("alice", created.id(), withImage("x"), null, DEADLINE));

        assertThat(images.objects()).containsOnlyKeys(repository.row(created.id()).orElseThrow().imageKey());
    }

    @Test
    void update_whenWriteTimesOutButApplied_readsBackAndDeletesTheOldObject() {
        Blog created = createWithImage();
        repository.failNext(UPDATE, InMemoryBlogRepository.timedOut(), true);

        Blog updated = service.update("alice", created.id(), withImage("x"), null, DEADLINE).join();

        assertThat(updated.version()).isEqualTo(2);
        assertThat(images.objects()).containsOnlyKeys(repository.row(created.id()).orElseThrow().imageKey());
    }

    @Test
    void update_whenWriteTimesOutAndDidNotApply_deletesTheNewObject() {
        Blog created = createWithImage();
        repository.failNext(UPDATE, InMemoryBlogRepository.timedOut(), false);

        failureOf(service.update("alice", created.id(), withImage("x"), null, DEADLINE));

        assertThat(repository.row(created.id()).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void update_whenOldObjectCannotBeDeleted_stillSucceedsBecauseTheWriteStands() {
        Blog created = createWithImage();
        images.failNextDelete(new IllegalStateException("delete failed"));
        invariantMayBreak = true; // the orphan is logged for the sweep

        Blog updated = service.update("alice", created.id(), withImage("x"), null, DEADLINE).join();

        assertThat(updated.version()).isEqualTo(2);
        assertThat(images.objects()).hasSize(2);
    }

    @Test
    void delete_removesTheRowThenTheObject() {
        Blog created = createWithImage();

        service.delete("alice", created.id(), null, DEADLINE).join();

        assertThat(repository.row(created.id())).isEmpty();
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void delete_whenNotTheAuthorOrStale_keepsEverything() {
        Blog created = createWithImage();

        assertThat(failureOf(service.delete("bob", created.id(), null, DEADLINE)))
                .isInstanceOf(BlogException.NotAuthor.class);
        assertThat(failureOf(service.delete("alice", created.id(), new IfMatch(false, Set.of(9L)), DEADLINE)))
                .isInstanceOf(BlogException.PreconditionFailed.class);

        assertThat(repository.row(created.id())).isPresent();
        assertThat(images.objects()).hasSize(1);
    }

    @Test
    void delete_whenRowChangesBetweenReadAndDelete_isRejectedByTheVersionCheck() {
        BlogRecord seed = repository.row(SEED_TO_DELETE).orElseThrow();
        repository.afterNextFind(() -> repository.put(new BlogRecord(seed.id(), seed.title(), seed.author(),
                "changed", null, seed.createdAt(), seed.modifiedAt(), seed.version() + 1)));

        assertThat(failureOf(service.delete("alice", SEED_TO_DELETE, new IfMatch(false, Set.of(1L)), DEADLINE)))
                .isInstanceOf(BlogException.PreconditionFailed.class);

        assertThat(repository.row(SEED_TO_DELETE)).isPresent();
    }

    @Test
    void delete_withIfMatchAnyWhenRowChangesBetweenReadAndDelete_deletesTheCurrentVersion() {
        BlogRecord seed = repository.row(SEED_TO_DELETE).orElseThrow();
        repository.afterNextFind(() -> repository.put(new BlogRecord(seed.id(), seed.title(), seed.author(),
                "changed", null, seed.createdAt(), seed.modifiedAt(), seed.version() + 1)));

        service.delete("alice", SEED_TO_DELETE, IfMatch.ANY, DEADLINE).join();

        assertThat(repository.row(SEED_TO_DELETE)).isEmpty();
    }

    @Test
    void delete_whenStatementTimesOutButApplied_stillDeletesTheObject() {
        Blog created = createWithImage();
        repository.failNext(DELETE, InMemoryBlogRepository.timedOut(), true);

        service.delete("alice", created.id(), null, DEADLINE).join();

        assertThat(images.objects()).isEmpty();
    }

    @Test
    void delete_whenStatementIsRejected_keepsRowAndObject() {
        Blog created = createWithImage();
        repository.failNext(DELETE, InMemoryBlogRepository.rejected());

        assertThatThrownBy(() -> service.delete("alice", created.id(), null, DEADLINE).join())
                .hasCauseInstanceOf(com.example.blog.repository.RepositoryException.class);

        assertThat(images.objects()).hasSize(1);
    }

    @Test
    void list_pagesNewestFirstWithACursorUntilTheEnd() {
        for (int i = 0; i < 3; i++) {
            service.create("alice", textOnly("Post " + i), DEADLINE).join();
        }

        BlogPage first = service.list(2, null, DEADLINE).join();
        BlogPage second = service.list(2, first.next().orElseThrow(), DEADLINE).join();
        BlogPage third = service.list(2, second.next().orElseThrow(), DEADLINE).join();

        assertThat(first.items()).extracting(BlogSummary::title).containsExactly("Post 2", "Post 1");
        assertThat(second.items()).extracting(BlogSummary::title).containsExactly("Post 0", "A post to delete");
        assertThat(third.items()).extracting(BlogSummary::title).containsExactly("Welcome to the blog");
        assertThat(third.next()).isEmpty();
    }
}
