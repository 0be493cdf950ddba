package com.example.blog.local.s3;

import java.util.List;

import com.sun.net.httpserver.Headers;

/**
 * The CORS configuration every local bucket has, applied as S3 applies a bucket's CORS rules: one rule allowing any
 * origin to GET, PUT, POST and HEAD with any request header, exposing ETag and Location. So a page served by the
 * local gateway can upload a form straight to the bucket and read the answer.
 */
final class BucketCors {

    private static final List<String> ALLOWED_METHODS = List.of("GET", "PUT", "POST", "HEAD");
    private static final String METHODS = String.join(", ", ALLOWED_METHODS);
    private static final String VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

    private BucketCors() {
    }

    /**
     * Adds the rule's headers to the answer of a cross-origin request (one with an {@code Origin}) whose method the
     * rule allows; S3 adds none otherwise.
     */
    static void addHeaders(String method, Headers request, Headers response) {
        if (request.getFirst("Origin") != null && ALLOWED_METHODS.contains(method)) {
            allow(response);
        }
    }

    /** Answers a preflight: the headers to send with a 200, or the S3Error S3 answers a preflight it refuses. */
    static void preflight(Headers request, Headers response) {
        if (request.getFirst("Origin") == null) {
            throw S3Error.badRequest("BadRequest", "Insufficient information. Origin request header needed.");
        }
        String method = request.getFirst("Access-Control-Request-Method");
        if (method == null) {
            throw S3Error.badRequest("BadRequest", "Invalid Access-Control-Request-Method: null");
        }
        if (!ALLOWED_METHODS.contains(method)) {
            throw new S3Error(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed.");
        }
        allow(response);
        String requestedHeaders = request.getFirst("Access-Control-Request-Headers");
        if (requestedHeaders != null && !requestedHeaders.isBlank()) {
            // The rule allows any header, so the requested ones are echoed back, as S3 does for "*".
            response.set("Access-Control-Allow-Headers", requestedHeaders.strip());
        }
    }

    /** Whether a header of the store behind the front door would say something about CORS; only this rule does. */
    static boolean isCorsHeader(String lowerCaseName) {
        return lowerCaseName.startsWith("access-control-");
    }

    private static void allow(Headers response) {
        response.set("Access-Control-Allow-Origin", "*");
        response.set("Access-Control-Allow-Methods", METHODS);
        response.set("Access-Control-Expose-Headers", "ETag, Location");
        response.set("Vary", VARY);
    }
}
