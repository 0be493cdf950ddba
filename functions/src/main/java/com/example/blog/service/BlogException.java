package com.example.blog.service;

/**
 * An expected outcome the client must hear about (not found, not yours, stale version). No stack trace is kept;
 * suppression stays on so that a failed compensation can ride along to the handler, which logs it.
 */
public abstract class BlogException extends RuntimeException {

    protected BlogException(String message) {
        super(message, null, true, false);
    }

    /** The post does not exist. */
    public static final class NotFound extends BlogException {
        public NotFound(java.util.UUID id) {
            super("No post with id " + id + ".");
        }
    }

    /** The caller is not the post's author. */
    public static final class NotAuthor extends BlogException {
        public NotAuthor() {
            super("Only the author may change or delete this post.");
        }
    }

    /** If-Match did not match the current version. */
    public static final class PreconditionFailed extends BlogException {
        public PreconditionFailed(long currentVersion) {
            super("The post is at version " + currentVersion + "; fetch it again and retry with its ETag.");
        }

        public PreconditionFailed() {
            super("The post changed concurrently; fetch it again and retry with its ETag.");
        }

        private PreconditionFailed(String message) {
            super(message);
        }

        /** If-Match: * found no current post: it was deleted after this request read it. */
        public static PreconditionFailed deletedConcurrently() {
            return new PreconditionFailed("The post was deleted concurrently; If-Match: * needs a current post.");
        }
    }

    /** Without If-Match, another write got in between this request's read and its write. */
    public static final class Conflict extends BlogException {
        public Conflict() {
            super("The post changed while this request was being processed; retry.");
        }
    }

    /** An image the request refers to cannot become the post's image; {@code field} names the request field. */
    public static final class ImageRejected extends BlogException {

        /** How the image fails: it is not usable at all, too large, or not a well-formed image of an accepted type. */
        public enum Reason { INVALID, TOO_LARGE, UNSUPPORTED }

        private final Reason reason;
        private final String field;
        private final String fieldMessage;

        public ImageRejected(Reason reason, String field, String fieldMessage, String message) {
            super(message);
            this.reason = reason;
            this.field = field;
            this.fieldMessage = fieldMessage;
        }

        public Reason reason() {
            return reason;
        }

        public String field() {
            return field;
        }

        public String fieldMessage() {
            return fieldMessage;
        }
    }
}
