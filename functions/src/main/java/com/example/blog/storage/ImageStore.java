package com.example.blog.storage;

import java.util.concurrent.CompletableFuture;

import com.example.blog.service.Deadline;

/** Where post images live. Keys are made by the service, never by the client. */
public interface ImageStore {

    /** Stores the bytes under {@code key} with the given Content-Type. */
    CompletableFuture<Void> put(String key, byte[] content, String contentType, Deadline deadline);

    /** Removes the object; succeeds when it is already gone. */
    CompletableFuture<Void> delete(String key);

    /** A URL a browser can fetch the image from. Local computation, no I/O. */
    String urlFor(String key);
}
