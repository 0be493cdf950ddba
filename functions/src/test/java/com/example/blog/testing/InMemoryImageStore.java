package com.example.blog.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.example.blog.service.Deadline;
import com.example.blog.storage.ImageStore;

/**
 * A bucket in memory. Unit tests must not depend on an S3 endpoint (S3ImageStore runs against the local S3 in
 * infra's integration tests); this fake keeps objects with their Content-Type so the tests can check what was
 * stored and that nothing is left orphaned.
 */
public final class InMemoryImageStore implements ImageStore {

    public record StoredObject(byte[] content, String contentType) {
    }

    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final Deque<RuntimeException> putFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> deleteFailures = new ArrayDeque<>();

    public Map<String, StoredObject> objects() {
        return Map.copyOf(objects);
    }

    public void failNextPut(RuntimeException error) {
        putFailures.add(error);
    }

    public void failNextDelete(RuntimeException error) {
        deleteFailures.add(error);
    }

    @Override
    public synchronized CompletableFuture<Void> put(String key, byte[] content, String contentType,
                                                    Deadline deadline) {
        RuntimeException failure = putFailures.poll();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        objects.put(key, new StoredObject(content.clone(), contentType));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> delete(String key) {
        RuntimeException failure = deleteFailures.poll();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        objects.remove(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String urlFor(String key) {
        return "https://images.example.test/" + key;
    }
}
