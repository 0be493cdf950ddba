package com.example.blog.service;

import static com.example.blog.testing.Futures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.blog.async.Deadline;
import com.example.blog.service.BlogException.ImageRejected;
import com.example.blog.service.BlogException.ImageRejected.Reason;
import com.example.blog.storage.ImageType;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.Invariant;
import com.example.blog.testing.SampleImages;

/**
 * Posts that take an image uploaded beforehand: the checks an upload must pass, what is copied, and what is left.
 * The bucket is the in-memory fake (the browser's POST and the real copy are proven against the local S3 in infra's
 * integration tests).
 */
class ImageUploadsTest {

    private static final byte[] PNG = SampleImages.png();
    private static final Deadline DEADLINE = Deadline.after(Duration.ofSeconds(30));
    private static final long MAX_BYTES = 1024 * 1024;

    private final InMemoryBlogRepository repository = InMemoryBlogRepository.seeded();
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final ImageUploads uploads = new ImageUploads(images, MAX_BYTES, Duration.ofMinutes(10));
    private final BlogService service = new BlogService(repository, images, uploads);

    @AfterEach
    void invariantHolds() {
        Invariant.assertHolds(repository, images);
    }

    private String uploaded(String author, ImageType type, byte[] content) {
        ImageUploads.Upload upload = uploads.start(author, type).join();
        images.upload(upload.key(), content, type.contentType());
        return upload.key();
    }

    private static BlogDraft draft(String upload) {
        return new BlogDraft("Large image", "content", null, false, upload);
    }


    private long uploadsLeft() {
        return images.objects().keySet().stream().filter(key -> key.startsWith("uploads/")).count();
    }

    @Test
    void start_givesAKeyUnderTheAuthorsOwnPrefixAndAFormForThatKeyAndType() {
        ImageUploads.Upload upload = uploads.start("alice", ImageType.WEBP).join();

        assertThat(upload.key()).matches("uploads/" + ImageUploads.owner("alice") + "/[0-9a-f-]{36}\\.webp");
        assertThat(upload.form().fields()).containsEntry("key", upload.key())
                .containsEntry("Content-Type", "image/webp")
                .containsEntry("max", Long.toString(MAX_BYTES));
        assertThat(upload.maxBytes()).isEqualTo(MAX_BYTES);
        assertThat(ImageUploads.owner("alice")).hasSize(32).isNotEqualTo(ImageUploads.owner("bob"));
    }

    @Test
    void create_withUpload_copiesTheCheckedBytesUnderImagesAndDeletesTheUpload() {
        String upload = uploaded("alice", ImageType.PNG, PNG);

        Blog blog = service.create("alice", draft(upload), DEADLINE).join();

        String key = repository.row(blog.id()).orElseThrow().imageKey();
        assertThat(key).matches("images/[0-9a-f-]{36}\\.png");
        assertThat(images.objects().get(key).content()).isEqualTo(PNG);
        assertThat(images.objects().get(key).contentType()).isEqualTo("image/png");
        assertThat(images.objects()).doesNotContainKey(upload);
    }

    @Test
    void update_withUpload_replacesTheImageAndDeletesTheOldOneAndTheUpload() {
        Blog created = service.create("alice", new BlogDraft("t", "c", new Image(PNG, ImageType.PNG), false),
                DEADLINE).join();
        String oldKey = repository.row(created.id()).orElseThrow().imageKey();
        byte[] gif = SampleImages.gif();
        String upload = uploaded("alice", ImageType.GIF, gif);

        service.update("alice", created.id(), draft(upload), null, DEADLINE).join();

        String newKey = repository.row(created.id()).orElseThrow().imageKey();
        assertThat(newKey).endsWith(".gif");
        assertThat(images.objects().get(newKey).content()).isEqualTo(gif);
        assertThat(images.objects()).doesNotContainKeys(oldKey, upload);
    }

    @Test
    void create_whenUploadWasStartedByAnotherUser_isRejectedAndTouchesNothing() {
        String upload = uploaded("bob", ImageType.PNG, PNG);

        Throwable failure = failureOf(service.create("alice", draft(upload), DEADLINE));

        assertThat(failure).isInstanceOf(ImageRejected.class).hasMessageContaining("another user");
        assertThat(((ImageRejected) failure).reason()).isEqualTo(Reason.INVALID);
        assertThat(repository.rows()).hasSize(2);
        assertThat(images.objects()).containsOnlyKeys(upload);
    }

    @Test
    void create_whenKeyIsNotAnUploadKey_isRejectedBeforeAnyCall() {
        for (String key : new String[] {"images/" + UUID.randomUUID() + ".png", "uploads/../images/x.png",
                "uploads/" + ImageUploads.owner("alice") + "/" + UUID.randomUUID() + ".exe",
                "uploads/" + ImageUploads.owner("alice") + "/" + UUID.randomUUID() + ".png/../x"}) {
            Throwable failure = failureOf(service.create("alice", draft(key), DEADLINE));
            assertThat(failure).as(key).isInstanceOf(ImageRejected.class).hasMessageContaining("does not name");
        }
        assertThat(repository.rows()).hasSize(2);
    }

    @Test
    void create_whenUploadIsMissing_isRejectedAndLeavesNoRow() {
        String key = uploads.start("alice", ImageType.PNG).join().key(); // a form that was never posted

        Throwable failure = failureOf(service.create("alice", draft(key), DEADLINE));

        assertThat(failure).isInstanceOf(ImageRejected.class).hasMessageContaining("upload the image again");
        assertThat(repository.rows()).hasSize(2);
    }

    @Test
    void create_whenUploadIsNotTheDeclaredType_isRejectedAs415AndTheUploadIsDeleted() {
        String upload = uploaded("alice", ImageType.PNG, "<html><script>alert(1)</script>".getBytes());

        Throwable failure = failureOf(service.create("alice", draft(upload), DEADLINE));

        assertThat(((ImageRejected) failure).reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(uploadsLeft()).isZero();
        assertThat(repository.rows()).hasSize(2);
    }

    @Test
    void create_whenUploadIsAnotherImageTypeThanDeclared_isRejectedAs415() {
        String upload = uploaded("alice", ImageType.PNG, SampleImages.gif());

        Throwable failure = failureOf(service.create("alice", draft(upload), DEADLINE));

        assertThat(((ImageRejected) failure).reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(uploadsLeft()).isZero();
    }

    @Test
    void create_whenUploadIsTruncated_isRejectedAs415() {
        String upload = uploaded("alice", ImageType.PNG, Arrays.copyOf(PNG, PNG.length - 5));

        Throwable failure = failureOf(service.create("alice", draft(upload), DEADLINE));

        assertThat(((ImageRejected) failure).reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(failure).hasMessageContaining("well-formed");
    }

    @Test
    void create_whenUploadIsLargerThanTheLimit_isRejectedAs413AndDeleted() {
        byte[] large = Arrays.copyOf(PNG, (int) MAX_BYTES + 1);
        String upload = uploaded("alice", ImageType.PNG, large);

        Throwable failure = failureOf(service.create("alice", draft(upload), DEADLINE));

        assertThat(((ImageRejected) failure).reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(uploadsLeft()).isZero();
    }

    @Test
    void update_whenPostIsMissing_reportsNotFoundAndKeepsTheUploadForAnotherTry() {
        String upload = uploaded("alice", ImageType.PNG, PNG);

        Throwable failure = failureOf(service.update("alice", UUID.randomUUID(), draft(upload), null, DEADLINE));

        assertThat(failure).isInstanceOf(BlogException.NotFound.class);
        assertThat(images.objects()).containsOnlyKeys(upload);
    }

    @Test
    void create_whenTheUploadIsTakenTwice_theSecondIsRejected() {
        String upload = uploaded("alice", ImageType.PNG, PNG);
        service.create("alice", draft(upload), DEADLINE).join();

        Throwable failure = failureOf(service.create("alice", draft(upload), DEADLINE));

        assertThat(failure).isInstanceOf(ImageRejected.class);
        assertThat(repository.rows()).hasSize(3);
    }

    @Test
    void create_whenInsertFails_removesTheCopyAndKeepsTheUploadForARetry() {
        String upload = uploaded("alice", ImageType.PNG, PNG);
        repository.failNext(InMemoryBlogRepository.Operation.INSERT,
                new com.example.blog.repository.RepositoryException("rejected", null, false));

        assertThatThrownBy(() -> service.create("alice", draft(upload), DEADLINE).join())
                .hasCauseInstanceOf(com.example.blog.repository.RepositoryException.class);

        assertThat(images.objects()).containsOnlyKeys(upload);
    }
}
