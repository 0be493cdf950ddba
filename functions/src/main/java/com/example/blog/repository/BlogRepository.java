package com.example.blog.repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.example.blog.async.Deadline;

/** The blogs table. Failures surface as {@link RepositoryException}. */
public interface BlogRepository {

    /** Up to {@code limit} posts, newest first, strictly after {@code after} when it is not null. */
    CompletableFuture<List<BlogSummaryRecord>> list(int limit, PageCursor after, Deadline deadline);

    CompletableFuture<Optional<BlogRecord>> find(UUID id, Deadline deadline);

    CompletableFuture<BlogRecord> insert(NewBlog blog, Deadline deadline);

    /** The updated row, or empty when the row is gone or no longer at the expected version. */
    CompletableFuture<Optional<BlogRecord>> update(BlogUpdate update, Deadline deadline);

    /** Whether a row at exactly this version was deleted. */
    CompletableFuture<Boolean> delete(UUID id, long expectedVersion, Deadline deadline);

    /** Removes the row whatever its version; used to undo an insert. */
    CompletableFuture<Void> deleteById(UUID id, Deadline deadline);

    /**
     * The image keys under {@code prefix} that rows reference, sorting after {@code after} and up to and including
     * {@code upTo} in byte order (the order of an S3 listing), at most {@code limit} of them, in that order. A null
     * {@code upTo} means every such key after {@code after}.
     */
    CompletableFuture<List<String>> imageKeysBetween(String prefix, String after, String upTo, int limit,
                                                     Deadline deadline);
}
