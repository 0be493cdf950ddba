package com.example.blog.repository;

import java.time.Duration;

/** The database did not become available (for example while resuming from auto-pause) before the deadline. */
public final class DatabaseUnavailableException extends RepositoryException {

    private final Duration retryAfter;

    public DatabaseUnavailableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
