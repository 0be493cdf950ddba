package com.example.blog.repository;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.example.blog.async.Deadline;

/**
 * The responses kept for {@code Idempotency-Key} retries. A key is claimed by one request at a time; its response,
 * once stored, answers every retry until the key expires. Failures surface as {@link RepositoryException}.
 */
public interface IdempotencyRepository {

    /**
     * Claims {@code key} of {@code author} for a request with this body fingerprint, unless a live claim or a stored
     * response holds it: a claim whose lease has run out (its request died) or an expired key is taken over.
     *
     * @param lease how long the claim holds against concurrent duplicates; longer than any request takes
     * @param ttl   how long the stored response answers retries
     */
    CompletableFuture<IdempotencyClaim> claim(String author, String key, String fingerprint, Duration lease,
                                              Duration ttl, Deadline deadline);

    /** Stores the response of the request that holds the claim. */
    CompletableFuture<Void> complete(String author, String key, StoredResponse response, Deadline deadline);

    /** Gives the claim up, so that a retry runs the request again (its first attempt failed and changed nothing). */
    CompletableFuture<Void> release(String author, String key, Deadline deadline);

    /** Deletes the keys whose responses no longer answer retries; returns how many. */
    CompletableFuture<Long> deleteExpired(Deadline deadline);
}
