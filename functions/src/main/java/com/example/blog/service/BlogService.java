package com.example.blog.service;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import com.example.blog.async.Completions;
import com.example.blog.config.BlogConfig;
import com.example.blog.async.Deadline;
import com.example.blog.repository.BlogRecord;
import com.example.blog.repository.BlogRepository;
import com.example.blog.repository.BlogSummaryRecord;
import com.example.blog.repository.BlogUpdate;
import com.example.blog.repository.NewBlog;
import com.example.blog.repository.PageCursor;
import com.example.blog.repository.RepositoryException;
import com.example.blog.storage.ImageStore;
import com.example.blog.storage.ImageType;

/**
 * The blog's use cases, composed from independent asynchronous calls that overlap where they can.
 *
 * <p>Invariant kept by every method: when the returned future completes, successfully or not, no row references a
 * missing object and no object under {@code images/} is unreferenced. Writes that race are ordered so that a row
 * only ever points at an object already stored, and compensation (deleting what this request wrote) runs before the
 * future completes. When the outcome of a statement is unknown (a timeout after it was sent) the row is read back
 * to decide which object to keep. If a compensation itself fails, the error is attached as a suppressed exception
 * so the handler logs it (or, after a successful write, logged here); what remains (a crash or timeout in the middle
 * of a request) needs a periodic sweep of unreferenced keys.
 */
public final class BlogService {

    /** How often a write with {@code If-Match: *} is tried when other writes keep landing between read and write. */
    static final int WILDCARD_ATTEMPTS = 5;

    private final BlogRepository repository;
    private final ImageStore images;
    private final ImageUploads uploads;
    private final Supplier<UUID> ids;

    /** With uploads limited to the defaults of {@link com.example.blog.config.BlogConfig}. */
    public BlogService(BlogRepository repository, ImageStore images) {
        this(repository, images, new ImageUploads(images, BlogConfig.DEFAULT_UPLOAD_MAX_BYTES,
                Duration.ofSeconds(BlogConfig.DEFAULT_UPLOAD_TTL_SECONDS)), UUID::randomUUID);
    }

    public BlogService(BlogRepository repository, ImageStore images, ImageUploads uploads) {
        this(repository, images, uploads, UUID::randomUUID);
    }

    public BlogService(BlogRepository repository, ImageStore images, ImageUploads uploads, Supplier<UUID> ids) {
        this.repository = repository;
        this.images = images;
        this.uploads = uploads;
        this.ids = ids;
    }

    public CompletableFuture<BlogPage> list(int limit, PageCursor after, Deadline deadline) {
        // One extra row tells whether another page exists without a COUNT.
        return repository.list(limit + 1, after, deadline).thenApply(rows -> {
            boolean more = rows.size() > limit;
            List<BlogSummaryRecord> page = more ? rows.subList(0, limit) : rows;
            Optional<PageCursor> next = Optional.empty();
            if (more) {
                BlogSummaryRecord last = page.get(page.size() - 1);
                next = Optional.of(new PageCursor(last.createdAt(), last.id()));
            }
            return new BlogPage(page.stream().map(this::toSummary).toList(), next);
        });
    }

    public CompletableFuture<Blog> get(UUID id, Deadline deadline) {
        return repository.find(id, deadline)
                .thenApply(row -> toBlog(row.orElseThrow(() -> new BlogException.NotFound(id))));
    }

    public CompletableFuture<Blog> create(String author, BlogDraft draft, Deadline deadline) {
        UUID id = ids.get();
        if (!draft.hasNewImage()) {
            NewBlog blog = new NewBlog(id, draft.title(), author, draft.content(), null);
            return repository.insert(blog, deadline).handle((row, error) -> {
                if (error == null) {
                    return CompletableFuture.completedFuture(row);
                }
                Throwable failure = Completions.unwrap(error);
                if (!mayHaveApplied(failure)) {
                    return CompletableFuture.<BlogRecord>failedFuture(failure);
                }
                // A timed-out insert may have committed: answer with the row if it is there, so that the client
                // does not retry into a duplicate.
                return repository.find(id, deadline).handle((found, readError) -> {
                    if (readError == null && found.isPresent()) {
                        return found.get();
                    }
                    throw failure instanceof RuntimeException runtime ? runtime : new CompletionException(failure);
                });
            }).thenCompose(settled -> settled).thenApply(this::toBlog);
        }
        NewImage image;
        try {
            image = newImage(author, draft);
        } catch (BlogException e) {
            return CompletableFuture.failedFuture(e);
        }
        String key = newImageKey(image.type());
        // Storing the image and the insert are independent; the row may briefly point at an object still being
        // stored, and the request does not finish until both are known to have succeeded or have been undone.
        CompletableFuture<Outcome<Void>> upload = Outcome.of(() -> image.storeAt(key, deadline));
        CompletableFuture<Outcome<BlogRecord>> insert = Outcome.of(
                () -> repository.insert(new NewBlog(id, draft.title(), author, draft.content(), key), deadline));
        return upload.thenCombine(insert, (uploaded, inserted) -> settleCreate(id, key, uploaded, inserted, deadline))
                .thenCompose(settled -> settled)
                .thenCompose(row -> image.taken(deadline).thenApply(ignored -> row))
                .thenApply(this::toBlog);
    }

    /**
     * How a request's new image gets to its key under {@code images/}: the request's bytes are put there; an upload
     * is checked, then copied. {@link #taken} tidies up once a post holds the image.
     */
    private interface NewImage {

        ImageType type();

        CompletableFuture<Void> storeAt(String key, Deadline deadline);

        CompletableFuture<Void> taken(Deadline deadline);
    }

    /** Throws at once (a client error, nothing started) when an upload key is not the caller's. */
    private NewImage newImage(String author, BlogDraft draft) {
        if (draft.image() != null) {
            Image sent = draft.image();
            return new NewImage() {
                public ImageType type() {
                    return sent.type();
                }

                public CompletableFuture<Void> storeAt(String key, Deadline deadline) {
                    return images.put(key, sent.bytes(), sent.type().contentType(), deadline);
                }

                public CompletableFuture<Void> taken(Deadline deadline) {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
        ImageUploads.Reference upload = uploads.reference(author, draft.imageUpload());
        return new NewImage() {
            public ImageType type() {
                return upload.type();
            }

            public CompletableFuture<Void> storeAt(String key, Deadline deadline) {
                return uploads.check(upload, deadline).thenCompose(checked -> uploads.copyTo(checked, key, deadline));
            }

            public CompletableFuture<Void> taken(Deadline deadline) {
                return uploads.taken(upload, deadline);
            }
        };
    }

    private CompletableFuture<BlogRecord> settleCreate(UUID id, String key, Outcome<Void> uploaded,
                                                       Outcome<BlogRecord> inserted, Deadline deadline) {
        if (uploaded.ok() && inserted.ok()) {
            return CompletableFuture.completedFuture(inserted.value());
        }
        if (inserted.ok()) {
            // The object is missing: the row must go.
            return BlogService.<BlogRecord>compensate(uploaded.error(), repository.deleteById(id, deadline));
        }
        if (!mayHaveApplied(inserted.error())) {
            return BlogService.<BlogRecord>compensate(inserted.error(), images.delete(key));
        }
        // The insert's outcome is unknown: the row decides.
        return repository.find(id, deadline).handle((row, readError) -> {
            if (readError != null) {
                inserted.error().addSuppressed(Completions.unwrap(readError));
                // Keep the object: a row may reference it. Better an orphan than a dangling reference.
                return CompletableFuture.<BlogRecord>failedFuture(inserted.error());
            }
            if (row.isPresent() && uploaded.ok()) {
                return CompletableFuture.completedFuture(row.get());
            }
            if (row.isPresent()) {
                return BlogService.<BlogRecord>compensate(uploaded.error(), repository.deleteById(id, deadline));
            }
            return BlogService.<BlogRecord>compensate(inserted.error(), images.delete(key));
        }).thenCompose(settled -> settled);
    }

    public CompletableFuture<Blog> update(String author, UUID id, BlogDraft draft, IfMatch ifMatch,
                                          Deadline deadline) {
        NewImage image;
        try {
            image = draft.hasNewImage() ? newImage(author, draft) : null;
        } catch (BlogException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Outcome<BlogRecord>> current = Outcome.of(() -> repository.find(id, deadline)
                .thenApply(row -> checkWritable(row.orElseThrow(() -> new BlogException.NotFound(id)), author,
                        ifMatch)));
        if (image == null) {
            return current.thenCompose(read -> {
                if (!read.ok()) {
                    return CompletableFuture.failedFuture(read.error());
                }
                return write(read.value(), draft, row -> draft.removeImage() ? null : row.imageKey(), ifMatch,
                        deadline, WILDCARD_ATTEMPTS);
            }).thenApply(this::toBlog);
        }
        String newKey = newImageKey(image.type());
        // Storing the image overlaps the read; the write waits for both, so the row never points at a missing object.
        CompletableFuture<Outcome<Void>> upload = Outcome.of(() -> image.storeAt(newKey, deadline));
        return upload.thenCombine(current, (uploaded, read) -> {
            if (uploaded.ok() && read.ok()) {
                return write(read.value(), draft, row -> newKey, ifMatch, deadline, WILDCARD_ATTEMPTS);
            }
            // A client error (404, 403, 412) is more useful to report than a storage failure.
            Throwable reported = read.ok() ? uploaded.error() : read.error();
            return BlogService.<BlogRecord>compensate(reported, images.delete(newKey));
        }).thenCompose(written -> written)
                .thenCompose(row -> image.taken(deadline).thenApply(ignored -> row))
                .thenApply(this::toBlog);
    }

    /**
     * Writes the update conditioned on the version that was read, then removes whichever object lost: the old one
     * when the row moved to the target key, the new one when it did not. {@code target} gives the image key the row
     * should have, from the row the write is based on (keeping the current image depends on which row that is).
     *
     * <p>With {@code If-Match: *} a lost race is not a failed precondition: {@code *} matches whatever version is
     * current (RFC 9110 section 13.1.1), so the row is read again and the write retried on it, a few times; it fails
     * only when the post no longer exists.
     */
    private CompletableFuture<BlogRecord> write(BlogRecord current, BlogDraft draft,
                                                Function<BlogRecord, String> target, IfMatch ifMatch,
                                                Deadline deadline, int attemptsLeft) {
        String oldKey = current.imageKey();
        String targetKey = target.apply(current);
        String uploadedKey = Objects.equals(targetKey, oldKey) ? null : targetKey;
        BlogUpdate update = new BlogUpdate(current.id(), current.version(), draft.title(), draft.content(), targetKey);
        return repository.update(update, deadline).handle((updated, error) -> {
            if (error == null && updated.isPresent()) {
                return replaced(updated.get(), oldKey, targetKey, deadline);
            }
            if (error == null && retriesWildcard(ifMatch, attemptsLeft, deadline)) {
                return repository.find(current.id(), deadline).handle((row, readError) -> {
                    if (readError != null) {
                        return BlogService.<BlogRecord>compensate(Completions.unwrap(readError),
                                deleteIfPresent(uploadedKey));
                    }
                    if (row.isEmpty()) {
                        return BlogService.<BlogRecord>compensate(
                                BlogException.PreconditionFailed.deletedConcurrently(),
                                deleteIfPresent(uploadedKey));
                    }
                    // The row's image may have changed under us; what this request uploaded is target's to reuse.
                    return write(checkWritable(row.get(), current.author(), ifMatch), draft, target, ifMatch,
                            deadline, attemptsLeft - 1);
                }).thenCompose(settled -> settled);
            }
            Throwable failure = error == null ? lostRace(ifMatch) : Completions.unwrap(error);
            if (error == null || !mayHaveApplied(failure)) {
                return BlogService.<BlogRecord>compensate(failure, deleteIfPresent(uploadedKey));
            }
            return repository.find(current.id(), deadline).handle((row, readError) -> {
                if (readError != null) {
                    failure.addSuppressed(Completions.unwrap(readError));
                    return CompletableFuture.<BlogRecord>failedFuture(failure); // keep both objects
                }
                boolean applied = row.isPresent() && row.get().version() == current.version() + 1
                        && Objects.equals(row.get().imageKey(), targetKey);
                if (applied) {
                    return replaced(row.get(), oldKey, targetKey, deadline);
                }
                return BlogService.<BlogRecord>compensate(failure, deleteIfPresent(uploadedKey));
            }).thenCompose(settled -> settled);
        }).thenCompose(settled -> settled);
    }

    private CompletableFuture<BlogRecord> replaced(BlogRecord updated, String oldKey, String targetKey,
                                                   Deadline deadline) {
        if (oldKey == null || oldKey.equals(targetKey)) {
            return CompletableFuture.completedFuture(updated);
        }
        return deleteReplaced(oldKey, deadline).thenApply(ignored -> updated);
    }

    /**
     * Deletes an object the row no longer references. The client's write has succeeded by now, so a failure here is
     * not the client's problem: it is logged with the key for the sweep and the request still succeeds.
     */
    private CompletableFuture<Void> deleteReplaced(String key, Deadline deadline) {
        if (key == null) {
            return CompletableFuture.completedFuture(null);
        }
        return images.delete(key).exceptionally(error -> {
            deadline.log("WARN unreferenced image left behind, key=" + key + ": " + Completions.unwrap(error));
            return null;
        });
    }

    public CompletableFuture<Void> delete(String author, UUID id, IfMatch ifMatch, Deadline deadline) {
        return repository.find(id, deadline)
                .thenApply(row -> checkWritable(row.orElseThrow(() -> new BlogException.NotFound(id)), author,
                        ifMatch))
                .thenCompose(current -> deleteRow(current, ifMatch, deadline, WILDCARD_ATTEMPTS));
    }

    /** Deletes the row at the version read, then its object; with {@code If-Match: *} a lost race is retried. */
    private CompletableFuture<Void> deleteRow(BlogRecord current, IfMatch ifMatch, Deadline deadline,
                                              int attemptsLeft) {
        UUID id = current.id();
        return repository.delete(id, current.version(), deadline)
                .handle((deleted, error) -> {
                    if (error == null && deleted) {
                        return deleteReplaced(current.imageKey(), deadline);
                    }
                    if (error == null && retriesWildcard(ifMatch, attemptsLeft, deadline)) {
                        return repository.find(id, deadline).thenCompose(row -> row.isEmpty()
                                ? CompletableFuture.<Void>failedFuture(
                                        BlogException.PreconditionFailed.deletedConcurrently())
                                : deleteRow(checkWritable(row.get(), current.author(), ifMatch), ifMatch,
                                        deadline, attemptsLeft - 1));
                    }
                    Throwable failure = error == null ? lostRace(ifMatch) : Completions.unwrap(error);
                    if (error == null || !mayHaveApplied(failure)) {
                        return CompletableFuture.<Void>failedFuture(failure);
                    }
                    return repository.find(id, deadline).handle((row, readError) -> {
                        if (readError == null && row.isEmpty()) {
                            return deleteReplaced(current.imageKey(), deadline); // the delete did apply
                        }
                        if (readError != null) {
                            failure.addSuppressed(Completions.unwrap(readError));
                        }
                        return CompletableFuture.<Void>failedFuture(failure);
                    }).thenCompose(settled -> settled);
                })
                .thenCompose(settled -> settled);
    }

    private static boolean retriesWildcard(IfMatch ifMatch, int attemptsLeft, Deadline deadline) {
        return ifMatch != null && ifMatch.any() && attemptsLeft > 1 && !deadline.remaining().isNegative();
    }

    private static BlogRecord checkWritable(BlogRecord row, String author, IfMatch ifMatch) {
        if (!row.author().equals(author)) {
            throw new BlogException.NotAuthor();
        }
        if (ifMatch != null && !ifMatch.matches(row.version())) {
            throw new BlogException.PreconditionFailed(row.version());
        }
        return row;
    }

    /** The version check in SQL found another write in between the read and this write. */
    private static BlogException lostRace(IfMatch ifMatch) {
        return ifMatch == null ? new BlogException.Conflict() : new BlogException.PreconditionFailed();
    }

    private CompletableFuture<Void> deleteIfPresent(String key) {
        return key == null ? CompletableFuture.completedFuture(null) : images.delete(key);
    }

    /** Runs the undo, then fails with the original error, carrying an undo failure along as suppressed. */
    private static <T> CompletableFuture<T> compensate(Throwable original, CompletableFuture<?> undo) {
        return undo.handle((ignored, undoError) -> {
            if (undoError != null) {
                original.addSuppressed(Completions.unwrap(undoError));
            }
            throw original instanceof RuntimeException runtime ? runtime : new CompletionException(original);
        });
    }

    private static boolean mayHaveApplied(Throwable error) {
        // Anything but a definite rejection counts as unknown: a storage or client failure says nothing about
        // whether the statement ran.
        return !(error instanceof RepositoryException repositoryException) || repositoryException.mayHaveApplied();
    }

    static String newImageKey(ImageType type) {
        return ImageStore.IMAGE_PREFIX + UUID.randomUUID() + "." + type.extension();
    }

    private Blog toBlog(BlogRecord row) {
        return new Blog(row.id(), row.title(), row.author(), row.content(), imageUrl(row.imageKey()),
                row.createdAt(), row.modifiedAt(), row.version());
    }

    private BlogSummary toSummary(BlogSummaryRecord row) {
        return new BlogSummary(row.id(), row.title(), row.author(), row.excerpt(), imageUrl(row.imageKey()),
                row.createdAt(), row.modifiedAt(), row.version());
    }

    private String imageUrl(String key) {
        return key == null ? null : images.urlFor(key);
    }

    /** A completed call's value or error, so that two calls can be awaited together whatever their outcomes. */
    record Outcome<T>(T value, Throwable error) {

        static <T> CompletableFuture<Outcome<T>> of(Supplier<CompletableFuture<T>> call) {
            CompletableFuture<T> future;
            try {
                future = call.get();
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            return future.handle((value, error) ->
                    new Outcome<>(value, error == null ? null : Completions.unwrap(error)));
        }

        boolean ok() {
            return error == null;
        }
    }
}
