package com.example.blog.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.example.blog.async.Deadline;
import com.example.blog.repository.BlogRecord;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.SampleImages;
import com.example.blog.testing.TestContext;

/**
 * The sweep's rules over in-memory fakes, whose listing and key order follow S3's; the real S3 and Data API calls
 * run in infra's OrphanSweeperIT.
 */
class OrphanSweeperTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration MIN_AGE = Duration.ofHours(1);
    private static final Deadline DEADLINE = Deadline.after(Duration.ofSeconds(30));

    private final InMemoryBlogRepository repository = InMemoryBlogRepository.seeded();
    private final InMemoryImageStore images = new InMemoryImageStore();
    /** The invocation whose log the sweep writes to. */
    private final TestContext invocation = new TestContext();

    private OrphanSweeper sweeper(int pageSize) {
        return new OrphanSweeper(repository, images, MIN_AGE, Clock.fixed(NOW, ZoneOffset.UTC), pageSize);
    }

    private String storeAt(Instant when, String key) {
        images.useClock(Clock.fixed(when, ZoneOffset.UTC));
        images.put(key, SampleImages.png(), "image/png", DEADLINE).join();
        return key;
    }

    private String referencedObject(Instant when) {
        String key = storeAt(when, BlogService.newImageKey(com.example.blog.storage.ImageType.PNG));
        repository.put(new BlogRecord(UUID.randomUUID(), "t", "alice", "c", key, when, when, 1));
        return key;
    }

    @Test
    void sweep_deletesUnreferencedObjectsOlderThanTheMinimumAgeAndKeepsEverythingElse() {
        String old = NOW.minus(Duration.ofHours(3)).toString();
        String referenced = referencedObject(Instant.parse(old));
        String orphan = storeAt(Instant.parse(old), "images/" + UUID.randomUUID() + ".png");
        String inFlight = storeAt(NOW.minus(Duration.ofMinutes(5)), "images/" + UUID.randomUUID() + ".png");
        String outsidePrefix = storeAt(Instant.parse(old), "exports/" + UUID.randomUUID() + ".png");

        OrphanSweeper.Report report = sweeper(1000).sweep(null, DEADLINE).join();

        assertThat(images.objects()).containsOnlyKeys(referenced, inFlight, outsidePrefix);
        assertThat(report.deleted()).containsExactly(orphan);
        assertThat(report.tooYoung()).isEqualTo(1);
        assertThat(report.scanned()).isEqualTo(3);
        assertThat(report.complete()).isTrue();
        assertThat(report.resumeAfter()).isNull();
    }

    @Test
    void sweep_agesByTheObjectsLastModification_exactlyTheMinimumAgeIsOldEnough() {
        String justOldEnough = storeAt(NOW.minus(MIN_AGE), "images/a.png");
        String aMomentTooYoung = storeAt(NOW.minus(MIN_AGE).plusMillis(1), "images/b.png");

        sweeper(1000).sweep(null, DEADLINE).join();

        assertThat(images.objects()).containsOnlyKeys(aMomentTooYoung).doesNotContainKey(justOldEnough);
    }

    @Test
    void sweep_logsRowsWhoseObjectIsMissingAndNeverDeletesARow() {
        Instant old = NOW.minus(Duration.ofDays(1));
        String missingFirst = "images/00000000-missing.png";
        String missingLast = "images/zzzzzzzz-missing.png";
        repository.put(new BlogRecord(UUID.randomUUID(), "t", "alice", "c", missingFirst, old, old, 1));
        repository.put(new BlogRecord(UUID.randomUUID(), "t", "alice", "c", missingLast, old, old, 1));
        String referenced = referencedObject(old);
        int rows = repository.rows().size();

        OrphanSweeper.Report report = sweeper(1000).sweep(null, Deadline.of(invocation)).join();

        assertThat(report.missing()).containsExactly(missingFirst, missingLast);
        assertThat(repository.rows()).hasSize(rows);
        assertThat(images.objects()).containsOnlyKeys(referenced);
        assertThat(invocation.logs)
                .anySatisfy(line -> assertThat(line).contains("missing object, key=" + missingFirst));
    }

    @Test
    void sweep_walksEveryPageAndMatchesRowsToObjectsAcrossPageBoundaries() {
        Instant old = NOW.minus(Duration.ofDays(1));
        List<String> kept = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            if (i % 3 == 0) {
                orphans.add(storeAt(old, "images/" + UUID.randomUUID() + ".png"));
            } else {
                kept.add(referencedObject(old));
            }
        }

        OrphanSweeper.Report report = sweeper(4).sweep(null, DEADLINE).join();

        assertThat(images.objects().keySet()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(report.deleted()).containsExactlyInAnyOrderElementsOf(orphans);
        assertThat(report.missing()).isEmpty();
        assertThat(report.scanned()).isEqualTo(23);
        assertThat(report.complete()).isTrue();
    }

    @Test
    void sweep_whenTimeIsShort_stopsAfterAPageAndResumesFromTheKeyItReports() {
        Instant old = NOW.minus(Duration.ofDays(1));
        for (int i = 0; i < 10; i++) {
            storeAt(old, "images/" + i + ".png");
        }
        Deadline nearlyOver = Deadline.after(OrphanSweeper.PAGE_BUDGET);

        OrphanSweeper.Report first = sweeper(4).sweep(null, nearlyOver).join();

        assertThat(first.complete()).isFalse();
        assertThat(first.resumeAfter()).isEqualTo("images/3.png");
        assertThat(images.objects()).hasSize(6);

        OrphanSweeper.Report rest = sweeper(4).sweep(first.resumeAfter(), DEADLINE).join();

        assertThat(rest.complete()).isTrue();
        assertThat(images.objects()).isEmpty();
    }

    @Test
    void sweep_whenTheBucketIsEmpty_completesWithNothingToDo() {
        OrphanSweeper.Report report = sweeper(1000).sweep(null, DEADLINE).join();

        assertThat(report.scanned()).isZero();
        assertThat(report.complete()).isTrue();
        assertThat(repository.rows()).hasSize(2);
    }

    @Test
    void sweepUploads_deletesUploadsOlderThanTheMinimumAgeOnPagesAndLeavesImagesAlone() {
        Instant old = NOW.minus(Duration.ofHours(2));
        List<String> abandoned = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            abandoned.add(storeAt(old, "uploads/owner/" + UUID.randomUUID() + ".png"));
        }
        String recent = storeAt(NOW.minus(Duration.ofMinutes(2)), "uploads/owner/" + UUID.randomUUID() + ".png");
        String orphanImage = storeAt(old, "images/" + UUID.randomUUID() + ".png");

        OrphanSweeper.UploadReport report = sweeper(2).sweepUploads(DEADLINE).join();

        assertThat(report.deleted()).containsExactlyInAnyOrderElementsOf(abandoned);
        assertThat(report.scanned()).isEqualTo(6);
        assertThat(report.complete()).isTrue();
        assertThat(images.objects()).containsOnlyKeys(recent, orphanImage);
    }
}
