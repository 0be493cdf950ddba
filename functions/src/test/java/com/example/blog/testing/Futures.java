package com.example.blog.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What a future failed with, for tests that expect it to fail. */
public final class Futures {

    private Futures() {
    }

    public static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail");
    }
}
