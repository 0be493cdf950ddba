package com.example.blog.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.example.blog.async.Deadline;
import com.example.blog.storage.ImageStore;
import com.example.blog.storage.UploadForm;

/**
 * A bucket in memory. Unit tests must not depend on an S3 endpoint (S3ImageStore runs against the local S3 in
 * infra's integration tests); this fake keeps objects with their Content-Type so the tests can check what was
 * stored and that nothing is left orphaned.
 */
public final class InMemoryImageStore implements ImageStore {

    public record StoredObject(byte[] content, String contentType, Instant lastModified) {
    }

    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private Clock clock = Clock.systemUTC();
    private final Deque<RuntimeException> putFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> deleteFailures = new ArrayDeque<>();

    public Map<String, StoredObject> objects() {
        return Map.copyOf(objects);
    }

    /** Objects written from now on carry this clock's time as their last modification. */
    public void useClock(Clock clock) {
        this.clock = clock;
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
        objects.put(key, new StoredObject(content.clone(), contentType, clock.instant()));
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
    public synchronized CompletableFuture<List<String>> deleteAll(List<String> keys, Deadline deadline) {
        RuntimeException failure = deleteFailures.poll();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        keys.forEach(objects::remove);
        return CompletableFuture.completedFuture(List.copyOf(keys));
    }

    /** Keys under the prefix in byte order, as S3 lists them (UTF-16 order equals UTF-8 byte order for these keys). */
    @Override
    public synchronized CompletableFuture<ImagePage> list(String prefix, String startAfter, int maxKeys,
                                                          Deadline deadline) {
        List<StoredImage> after = new TreeMap<>(objects).entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix) && entry.getKey().compareTo(startAfter) > 0)
                .map(entry -> new StoredImage(entry.getKey(), entry.getValue().lastModified()))
                .toList();
        return CompletableFuture.completedFuture(new ImagePage(after.subList(0, Math.min(maxKeys, after.size())),
                after.size() > maxKeys));
    }

    /** A form whose fields say what was asked for; unit tests post nothing to it. */
    @Override
    public CompletableFuture<UploadForm> uploadForm(String key, String contentType, long maxBytes, Duration ttl) {
        return CompletableFuture.completedFuture(new UploadForm("https://uploads.example.test/",
                Map.of("key", key, "Content-Type", contentType, "max", Long.toString(maxBytes)),
                clock.instant().plus(ttl)));
    }

    /** Stands in for the browser's POST of a form's file. */
    public void upload(String key, byte[] content, String contentType) {
        objects.put(key, new StoredObject(content.clone(), contentType, clock.instant()));
    }

    @Override
    public synchronized CompletableFuture<Optional<ObjectContent>> read(String key, long maxBytes,
                                                                        Deadline deadline) {
        StoredObject object = objects.get(key);
        if (object == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        byte[] head = Arrays.copyOf(object.content(), (int) Math.min(object.content().length, maxBytes + 1));
        return CompletableFuture.completedFuture(Optional.of(new ObjectContent(head, etag(object))));
    }

    @Override
    public synchronized CompletableFuture<Void> copy(String sourceKey, String sourceEtag, String targetKey,
                                                     String contentType, Deadline deadline) {
        StoredObject source = objects.get(sourceKey);
        if (source == null || !etag(source).equals(sourceEtag)) {
            return CompletableFuture.failedFuture(new SourceChangedException(sourceKey));
        }
        objects.put(targetKey, new StoredObject(source.content().clone(), contentType, clock.instant()));
        return CompletableFuture.completedFuture(null);
    }

    private static String etag(StoredObject object) {
        return "\"" + Integer.toHexString(Arrays.hashCode(object.content())) + "\"";
    }

    @Override
    public String urlFor(String key) {
        return "https://images.example.test/" + key;
    }
}
