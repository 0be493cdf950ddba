package com.example.blog.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.example.blog.repository.IdempotencyClaim;
import com.example.blog.repository.IdempotencyRepository;
import com.example.blog.repository.StoredResponse;
import com.example.blog.async.Deadline;

/**
 * The idempotency_keys table in memory, with the claim rules of its SQL (take-over of an expired key or of a claim
 * whose lease ran out). Unit tests use it because they must not depend on the database; RdsDataIdempotencyRepository
 * runs against a real Data API in infra's integration tests. The clock is the test's to move.
 */
public final class InMemoryIdempotencyRepository implements IdempotencyRepository {

    private record Row(String fingerprint, Instant lockedUntil, Instant expiresAt, StoredResponse response) {
    }

    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    private volatile Instant now = Instant.parse("2025-11-26T10:00:00Z");

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public int size() {
        return rows.size();
    }

    @Override
    public synchronized CompletableFuture<IdempotencyClaim> claim(String author, String key, String fingerprint,
            Duration lease, Duration ttl, Deadline deadline) {
        String id = author + '\n' + key;
        Row row = rows.get(id);
        boolean free = row == null || row.expiresAt().isBefore(now)
                || (row.response() == null && row.lockedUntil().isBefore(now));
        if (free) {
            rows.put(id, new Row(fingerprint, now.plus(lease), now.plus(ttl), null));
            return CompletableFuture.completedFuture(IdempotencyClaim.granted());
        }
        return CompletableFuture.completedFuture(
                new IdempotencyClaim(false, row.fingerprint(), Optional.ofNullable(row.response())));
    }

    @Override
    public synchronized CompletableFuture<Void> complete(String author, String key, StoredResponse response,
                                                         Deadline deadline) {
        rows.computeIfPresent(author + '\n' + key,
                (id, row) -> new Row(row.fingerprint(), row.lockedUntil(), row.expiresAt(), response));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Long> deleteExpired(Deadline deadline) {
        long before = rows.size();
        rows.values().removeIf(row -> row.expiresAt().isBefore(now));
        return CompletableFuture.completedFuture(before - rows.size());
    }

    @Override
    public synchronized CompletableFuture<Void> release(String author, String key, Deadline deadline) {
        rows.computeIfPresent(author + '\n' + key, (id, row) -> row.response() == null ? null : row);
        return CompletableFuture.completedFuture(null);
    }
}
