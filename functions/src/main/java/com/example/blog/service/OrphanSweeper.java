package com.example.blog.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import com.example.blog.async.Deadline;
import com.example.blog.repository.BlogRepository;
import com.example.blog.storage.ImageStore.ImagePage;
import com.example.blog.storage.ImageStore.StoredImage;
import com.example.blog.storage.ImageStore;

/**
 * Removes what a crashed request leaves behind: objects under {@code images/} that no row references. Requests keep
 * the invariant themselves whenever they finish; only a process killed mid-request can leave an orphan, so this
 * runs on a schedule.
 *
 * <p>The bucket's listing and the rows are walked together in the same order (bytes of the key), one page of up to
 * 1000 keys at a time: the rows referencing keys in the page's range come from one query, so an object without a
 * row is an orphan and a row whose key is not in the listing points at a missing object. The next page is listed
 * while the current one is checked. An orphan is deleted only when it is older than the minimum age, so an upload
 * whose row is still being written (a request in flight) is never touched. A row whose object is missing is logged
 * and kept: a row is the user's post, and deleting it is not the sweeper's call.
 *
 * <p>The sweep stops starting pages when the deadline is near and reports the last key it finished; passing that
 * key back as {@code startAfter} resumes there.
 */
public final class OrphanSweeper {

    public static final int PAGE_SIZE = 1000;
    /** Starting a page needs at least this long: one listing, one query and a round of deletes. */
    static final Duration PAGE_BUDGET = Duration.ofSeconds(5);

    private final BlogRepository repository;
    private final ImageStore images;
    private final Duration minimumAge;
    private final Clock clock;
    private final int pageSize;

    public OrphanSweeper(BlogRepository repository, ImageStore images, Duration minimumAge, Clock clock) {
        this(repository, images, minimumAge, clock, PAGE_SIZE);
    }

    OrphanSweeper(BlogRepository repository, ImageStore images, Duration minimumAge, Clock clock, int pageSize) {
        if (minimumAge.isNegative()) {
            throw new IllegalArgumentException("the minimum age cannot be negative");
        }
        this.repository = repository;
        this.images = images;
        this.minimumAge = minimumAge;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /**
     * What one run did.
     *
     * @param scanned      objects listed
     * @param deleted      orphans removed
     * @param tooYoung     unreferenced objects kept because they are younger than the minimum age
     * @param missing      rows whose object is not in the bucket (logged, kept)
     * @param complete     whether the listing was walked to its end
     * @param resumeAfter  when not complete, the last key finished: the next run's {@code startAfter}
     */
    public record Report(int scanned, List<String> deleted, int tooYoung, List<String> missing, boolean complete,
                         String resumeAfter) {
    }

    /** Sweeps from the start of {@code images/}, or after {@code startAfter} when it is not null. */
    public CompletableFuture<Report> sweep(String startAfter, Deadline deadline) {
        String after = startAfter == null || startAfter.isEmpty() ? ImageStore.IMAGE_PREFIX : startAfter;
        Instant cutoff = clock.instant().minus(minimumAge);
        Tally tally = new Tally();
        return step(images.list(ImageStore.IMAGE_PREFIX, after, pageSize, deadline), after, cutoff, tally, deadline);
    }

    private CompletableFuture<Report> step(CompletableFuture<ImagePage> listing, String after, Instant cutoff,
                                           Tally tally, Deadline deadline) {
        return listing.thenCompose(page -> {
            List<StoredImage> objects = page.images();
            String last = objects.isEmpty() ? after : objects.get(objects.size() - 1).key();
            boolean more = page.truncated() && !objects.isEmpty();
            // Listing the next page overlaps checking this one, unless this one may be the last the time allows.
            boolean continues = more && deadline.remaining().compareTo(PAGE_BUDGET.multipliedBy(2)) > 0;
            CompletableFuture<ImagePage> next = continues
                    ? images.list(ImageStore.IMAGE_PREFIX, last, pageSize, deadline)
                    : null;
            CompletableFuture<Void> checked = check(objects, after, more ? last : null, cutoff, tally, deadline);
            return checked.thenCompose(ignored -> {
                if (next != null) {
                    return step(next, last, cutoff, tally, deadline);
                }
                Report report = tally.report(!more, more ? last : null);
                deadline.log("Sweep " + (report.complete() ? "complete" : "stopped for time, resume after " + last)
                        + ": scanned " + report.scanned() + ", deleted " + report.deleted().size()
                        + ", kept as too young " + report.tooYoung() + ", rows with a missing object "
                        + report.missing().size());
                return CompletableFuture.completedFuture(report);
            });
        });
    }

    /** Compares one page of objects with the rows referencing keys in (after, upTo]; null upTo is the open end. */
    private CompletableFuture<Void> check(List<StoredImage> objects, String after, String upTo, Instant cutoff,
                                          Tally tally, Deadline deadline) {
        // One more than a page can hold tells that the range has more referencing rows than objects: all of those
        // extra rows point at missing objects, and the next run sees the rest.
        return repository.imageKeysBetween(ImageStore.IMAGE_PREFIX, after, upTo, pageSize + 1, deadline)
                .thenCompose(referencedList -> {
                    TreeSet<String> referenced = new TreeSet<>(referencedList);
                    List<String> orphans = new ArrayList<>();
                    for (StoredImage object : objects) {
                        if (referenced.remove(object.key())) {
                            continue;
                        }
                        if (object.lastModified().isAfter(cutoff)) {
                            tally.tooYoung();
                        } else {
                            orphans.add(object.key());
                        }
                    }
                    for (String key : referenced) {
                        deadline.log("WARN row references a missing object, key=" + key + " (the row is kept)");
                        tally.missing(key);
                    }
                    tally.scanned(objects.size());
                    return images.deleteAll(orphans, deadline).thenAccept(deleted -> deleted.forEach(key -> {
                        deadline.log("Deleted unreferenced object, key=" + key);
                        tally.deleted(key);
                    }));
                });
    }

    /**
     * What one sweep of {@code uploads/} did.
     *
     * @param scanned   uploads listed
     * @param deleted   abandoned uploads removed
     * @param complete  whether the listing was walked to its end (else the next run goes on)
     */
    public record UploadReport(int scanned, List<String> deleted, boolean complete) {
    }

    /**
     * Deletes uploads older than the minimum age. A post takes its upload within one request and deletes it, so an
     * upload still there after that long was abandoned (or a post's delete of it failed): nothing references
     * {@code uploads/}, and the listing alone decides. Pages are walked in order until the deadline is near; the
     * next run starts over, and finds only what is left.
     */
    public CompletableFuture<UploadReport> sweepUploads(Deadline deadline) {
        Instant cutoff = clock.instant().minus(minimumAge);
        return sweepUploads(ImageStore.UPLOAD_PREFIX, cutoff, 0, new ArrayList<>(), deadline);
    }

    private CompletableFuture<UploadReport> sweepUploads(String after, Instant cutoff, int scanned,
                                                         List<String> deleted, Deadline deadline) {
        return images.list(ImageStore.UPLOAD_PREFIX, after, pageSize, deadline).thenCompose(page -> {
            List<String> abandoned = page.images().stream()
                    .filter(upload -> !upload.lastModified().isAfter(cutoff))
                    .map(StoredImage::key)
                    .toList();
            int seen = scanned + page.images().size();
            return images.deleteAll(abandoned, deadline).thenCompose(gone -> {
                gone.forEach(key -> deadline.log("Deleted abandoned upload, key=" + key));
                deleted.addAll(gone);
                boolean more = page.truncated() && !page.images().isEmpty();
                if (more && deadline.remaining().compareTo(PAGE_BUDGET) > 0) {
                    String last = page.images().get(page.images().size() - 1).key();
                    return sweepUploads(last, cutoff, seen, deleted, deadline);
                }
                deadline.log("Upload sweep " + (more ? "stopped for time" : "complete") + ": scanned " + seen
                        + ", deleted " + deleted.size());
                return CompletableFuture.completedFuture(new UploadReport(seen, List.copyOf(deleted), !more));
            });
        });
    }

    /** Counts shared by the steps of one run; steps complete on SDK threads, hence synchronized. */
    private static final class Tally {
        private int scanned;
        private int tooYoung;
        private final List<String> deleted = new ArrayList<>();
        private final List<String> missing = new ArrayList<>();

        synchronized void scanned(int count) {
            scanned += count;
        }

        synchronized void tooYoung() {
            tooYoung++;
        }

        synchronized void deleted(String key) {
            deleted.add(key);
        }

        synchronized void missing(String key) {
            missing.add(key);
        }

        synchronized Report report(boolean complete, String resumeAfter) {
            return new Report(scanned, List.copyOf(deleted), tooYoung, List.copyOf(missing), complete, resumeAfter);
        }
    }
}
