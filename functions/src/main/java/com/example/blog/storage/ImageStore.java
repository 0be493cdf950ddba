package com.example.blog.storage;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.example.blog.async.Deadline;

/** Where post images live. Keys are made by the service, never by the client. */
public interface ImageStore {

    /** Every image key starts with this: {@code images/<uuid>.<ext>}. */
    String IMAGE_PREFIX = "images/";

    /** Stores the bytes under {@code key} with the given Content-Type. */
    CompletableFuture<Void> put(String key, byte[] content, String contentType, Deadline deadline);

    /** Removes the object; succeeds when it is already gone. */
    CompletableFuture<Void> delete(String key);

    /** Removes several objects; the result lists the keys that are gone, leaving out any the store refused. */
    CompletableFuture<List<String>> deleteAll(List<String> keys, Deadline deadline);

    /** A URL a browser can fetch the image from. Local computation, no I/O. */
    String urlFor(String key);

    /**
     * Up to {@code maxKeys} stored images whose keys sort after {@code startAfter} in byte order (S3's listing
     * order), each with when it was last written.
     */
    CompletableFuture<ImagePage> list(String startAfter, int maxKeys, Deadline deadline);

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
