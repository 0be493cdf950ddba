package com.example.blog.async;

import java.util.concurrent.CompletionException;

/** What a failed future really failed with. */
public final class Completions {

    private Completions() {
    }

    /** The failure inside any {@link CompletionException} wrappers that composing futures adds around it. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
