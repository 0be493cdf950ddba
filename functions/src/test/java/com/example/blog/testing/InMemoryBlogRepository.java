package com.example.blog.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.example.blog.repository.BlogRecord;
import com.example.blog.repository.BlogRepository;
import com.example.blog.repository.BlogSummaryRecord;
import com.example.blog.repository.BlogUpdate;
import com.example.blog.repository.NewBlog;
import com.example.blog.repository.PageCursor;
import com.example.blog.repository.RepositoryException;
import com.example.blog.async.Deadline;

/**
 * The blogs table in memory, with the same semantics as the SQL (newest-first keyset order, version-checked
 * update and delete, excerpt of 200 characters). Unit tests use it because they must not depend on the database or
 * the Data API endpoint; RdsDataBlogRepository runs against a real Data API in infra's integration tests.
 * Failures can be scripted per operation to exercise compensation.
 */
public final class InMemoryBlogRepository implements BlogRepository {

    public static final UUID SEED_WELCOME = UUID.fromString("00000000-0000-4000-8000-000000000001");
    public static final UUID SEED_TO_DELETE = UUID.fromString("00000000-0000-4000-8000-000000000002");

    public enum Operation { LIST, FIND, INSERT, UPDATE, DELETE, DELETE_BY_ID }

    private final Map<UUID, BlogRecord> rows = new ConcurrentHashMap<>();
    private final Map<Operation, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Deque<Runnable> afterFind = new ArrayDeque<>();
    private Instant clock = Instant.parse("2025-11-26T10:00:00.000001Z");

    /** A scripted failure: {@code applyFirst} makes the statement take effect before the error is reported. */
    public record Failure(RuntimeException error, boolean applyFirst) {
    }

    public static InMemoryBlogRepository seeded() {
        InMemoryBlogRepository repository = new InMemoryBlogRepository();
        repository.put(new BlogRecord(SEED_WELCOME, "Welcome to the blog", "alice",
                "This is the first post. ".repeat(20), null, repository.tick(), repository.clock, 1));
        repository.put(new BlogRecord(SEED_TO_DELETE, "A post to delete", "alice",
                "Delete me to try the DELETE route.", null, repository.tick(), repository.clock, 1));
        return repository;
    }

    public void put(BlogRecord row) {
        rows.put(row.id(), row);
    }

    public Optional<BlogRecord> row(UUID id) {
        return Optional.ofNullable(rows.get(id));
    }

    public Map<UUID, BlogRecord> rows() {
        return Map.copyOf(rows);
    }

    public void failNext(Operation operation, RuntimeException error) {
        failNext(operation, error, false);
    }

    public void failNext(Operation operation, RuntimeException error, boolean applyFirst) {
        failures.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(new Failure(error, applyFirst));
    }

    /** Runs {@code action} right after the next find, as a concurrent writer would. */
    public void afterNextFind(Runnable action) {
        afterFind.add(action);
    }

    public static RepositoryException rejected() {
        return new RepositoryException("the database rejected the statement", null, false);
    }

    public static RepositoryException timedOut() {
        return new RepositoryException("the call timed out after the statement was sent", null, true);
    }

    private Instant tick() {
        clock = clock.plus(Duration.ofSeconds(1));
        return clock;
    }

    private synchronized <T> CompletableFuture<T> run(Operation operation, java.util.function.Supplier<T> effect) {
        Failure failure = Optional.ofNullable(failures.get(operation)).map(Deque::poll).orElse(null);
        if (failure == null) {
            return CompletableFuture.completedFuture(effect.get());
        }
        if (failure.applyFirst()) {
            effect.get();
        }
        return CompletableFuture.failedFuture(failure.error());
    }

    @Override
    public CompletableFuture<List<BlogSummaryRecord>> list(int limit, PageCursor after, Deadline deadline) {
        Comparator<BlogRecord> newestFirst = Comparator.comparing(BlogRecord::createdAt)
                .thenComparing(BlogRecord::id).reversed();
        return run(Operation.LIST, () -> rows.values().stream()
                .filter(row -> after == null || row.createdAt().isBefore(after.createdAt())
                        || (row.createdAt().equals(after.createdAt()) && row.id().compareTo(after.id()) < 0))
                .sorted(newestFirst)
                .limit(limit)
                .map(row -> new BlogSummaryRecord(row.id(), row.title(), row.author(),
                        row.content().substring(0, Math.min(200, row.content().length())), row.imageKey(),
                        row.createdAt(), row.modifiedAt(), row.version()))
                .toList());
    }

    @Override
    public CompletableFuture<Optional<BlogRecord>> find(UUID id, Deadline deadline) {
        CompletableFuture<Optional<BlogRecord>> found = run(Operation.FIND, () -> Optional.ofNullable(rows.get(id)));
        Optional.ofNullable(afterFind.poll()).ifPresent(Runnable::run);
        return found;
    }

    @Override
    public CompletableFuture<BlogRecord> insert(NewBlog blog, Deadline deadline) {
        return run(Operation.INSERT, () -> {
            Instant now = tick();
            BlogRecord row = new BlogRecord(blog.id(), blog.title(), blog.author(), blog.content(), blog.imageKey(),
                    now, now, 1);
            if (rows.putIfAbsent(row.id(), row) != null) {
                throw new IllegalStateException("duplicate id");
            }
            return row;
        });
    }

    @Override
    public CompletableFuture<Optional<BlogRecord>> update(BlogUpdate update, Deadline deadline) {
        return run(Operation.UPDATE, () -> {
            BlogRecord current = rows.get(update.id());
            if (current == null || current.version() != update.expectedVersion()) {
                return Optional.empty();
            }
            BlogRecord updated = new BlogRecord(current.id(), update.title(), current.author(), update.content(),
                    update.imageKey(), current.createdAt(), tick(), current.version() + 1);
            rows.put(updated.id(), updated);
            return Optional.of(updated);
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(UUID id, long expectedVersion, Deadline deadline) {
        return run(Operation.DELETE, () -> {
            BlogRecord current = rows.get(id);
            return current != null && current.version() == expectedVersion && rows.remove(id, current);
        });
    }

    @Override
    public CompletableFuture<Void> deleteById(UUID id, Deadline deadline) {
        return run(Operation.DELETE_BY_ID, () -> {
            rows.remove(id);
            return null;
        });
    }

    @Override
    public CompletableFuture<List<String>> imageKeysBetween(String prefix, String after, String upTo, int limit,
                                                            Deadline deadline) {
        return CompletableFuture.completedFuture(rows.values().stream()
                .map(BlogRecord::imageKey)
                .filter(key -> key != null && key.startsWith(prefix) && key.compareTo(after) > 0
                        && (upTo == null || key.compareTo(upTo) <= 0))
                .sorted()
                .limit(limit)
                .toList());
    }
}
