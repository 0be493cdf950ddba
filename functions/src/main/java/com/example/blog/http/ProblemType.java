package com.example.blog.http;

import java.net.URI;

/**
 * The stable problem types of the API (RFC 9457). Clients may switch on {@link #uri()}; the URIs identify the
 * problem and are not required to resolve. Documented in docs/openapi.yaml.
 */
public enum ProblemType {
    VALIDATION(400, "validation", "The request is invalid"),
    MALFORMED_REQUEST(400, "malformed-request", "The request body or a header could not be parsed"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    NOT_FOUND(404, "not-found", "Not found"),
    CONFLICT(409, "conflict", "The post changed during the request"),
    IDEMPOTENCY_KEY_IN_USE(409, "idempotency-key-in-use", "A request with this Idempotency-Key is in progress"),
    PRECONDITION_FAILED(412, "precondition-failed", "The post does not match If-Match"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The image is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "The Idempotency-Key was used for another request"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "The service is temporarily unavailable"),
    INTERNAL_ERROR(500, "internal-error", "Internal server error");

    public static final String BASE_URI = "https://blog.example.com/problems/";

    private final int status;
    private final URI uri;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = URI.create(BASE_URI + slug);
        this.title = title;
    }

    public int status() {
        return status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }
}
