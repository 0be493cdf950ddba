package com.example.blog.repository;

/**
 * A statement failed. {@link #mayHaveApplied()} tells whether its effect is unknown (a timeout or a lost connection
 * after the request left) or certainly absent (the database rejected it). Compensation depends on the difference.
 */
public class RepositoryException extends RuntimeException {

    private final boolean mayHaveApplied;

    public RepositoryException(String message, Throwable cause, boolean mayHaveApplied) {
        super(message, cause);
        this.mayHaveApplied = mayHaveApplied;
    }

    public boolean mayHaveApplied() {
        return mayHaveApplied;
    }
}
