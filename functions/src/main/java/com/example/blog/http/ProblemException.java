package com.example.blog.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that is the client's to fix (or to retry), carried to the handler's edge and rendered as
 * application/problem+json. Stack traces are not needed: the detail says everything the client can act on.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, String> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, String> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        this.headers = Map.copyOf(headers);
    }

    /** A 400 naming one invalid field. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, "The request has invalid fields.",
                Map.of(field, message), Map.of());
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    /** Per-field messages, in the order the fields were checked. */
    public Map<String, String> errors() {
        return errors;
    }

    /** Extra response headers such as Retry-After. */
    public Map<String, String> headers() {
        return headers;
    }
}
