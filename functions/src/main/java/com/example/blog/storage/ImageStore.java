package com.example.blog.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.example.blog.async.Deadline;

/** Where post images live. Keys are made by the service, never by the client. */
public interface ImageStore {

    /** Every image key starts with this: {@code images/<uuid>.<ext>}. */
    String IMAGE_PREFIX = "images/";

    /**
     * Browser uploads land under this prefix, {@code uploads/<author hash>/<uuid>.<ext>}, until a post takes them
     * (copied under {@link #IMAGE_PREFIX}, then deleted); the sweep removes those never taken.
     */
    String UPLOAD_PREFIX = "uploads/";

    /** Stores the bytes under {@code key} with the given Content-Type. */
    CompletableFuture<Void> put(String key, byte[] content, String contentType, Deadline deadline);

    /** Removes the object; succeeds when it is already gone. */
    CompletableFuture<Void> delete(String key);

    /** Removes several objects; the result lists the keys that are gone, leaving out any the store refused. */
    CompletableFuture<List<String>> deleteAll(List<String> keys, Deadline deadline);

    /**
     * A form that lets a browser POST one object straight into the bucket: exactly {@code key}, of
     * {@code contentType}, 1 to {@code maxBytes} bytes, within {@code ttl}. Signing is local; only the credentials
     * may need fetching.
     */
    CompletableFuture<UploadForm> uploadForm(String key, String contentType, long maxBytes, Duration ttl);

    /**
     * The object's first {@code maxBytes + 1} bytes (so a larger object shows as one byte too long) with its ETag, or
     * empty when there is no such object.
     */
    CompletableFuture<Optional<ObjectContent>> read(String key, long maxBytes, Deadline deadline);

    /**
     * Copies {@code sourceKey} to {@code targetKey} within the bucket, with the given Content-Type, provided the
     * source still has {@code sourceEtag}: what was checked is what gets copied, even if the source is overwritten
     * meanwhile. Fails with {@link SourceChangedException} otherwise.
     */
    CompletableFuture<Void> copy(String sourceKey, String sourceEtag, String targetKey, String contentType,
                                 Deadline deadline);

    /** A URL a browser can fetch the image from. Local computation, no I/O. */
    String urlFor(String key);

    /**
     * Up to {@code maxKeys} stored objects under {@code prefix} whose keys sort after {@code startAfter} in byte order
     * (S3's listing order), each with when it was last written.
     */
    CompletableFuture<ImagePage> list(String prefix, String startAfter, int maxKeys, Deadline deadline);

    /** An object's bytes (perhaps only the first ones, see {@link #read}) and its entity tag. */
    record ObjectContent(byte[] bytes, String etag) {
    }

    /** The copy's source is gone or no longer has the entity tag it was read with. */
    final class SourceChangedException extends RuntimeException {

        public SourceChangedException(String key) {
            super("Object " + key + " changed or vanished before it could be copied", null, false, false);
        }
    }

    /** One stored object as a listing shows it. */
    record StoredImage(String key, Instant lastModified) {
    }

    /** One page of a listing; {@code truncated} when more keys follow the last one. */
    record ImagePage(List<StoredImage> images, boolean truncated) {

        public ImagePage {
            images = List.copyOf(images);
        }
    }
}
