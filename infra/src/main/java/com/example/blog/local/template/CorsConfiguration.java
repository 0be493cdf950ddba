package com.example.blog.local.template;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP API's {@code CorsConfiguration}: the gateway answers preflight requests itself and adds these headers to
 * the responses of allowed origins, as API Gateway does.
 *
 * @param allowOrigins     origins allowed, or {@code *}
 * @param allowMethods     methods a preflight allows
 * @param allowHeaders     request headers a preflight allows
 * @param exposeHeaders    response headers a script may read
 * @param maxAgeSeconds    how long a browser may cache a preflight answer; empty when not configured
 * @param allowCredentials whether a credentialed request may read the response
 */
public record CorsConfiguration(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
        List<String> exposeHeaders, Optional<Integer> maxAgeSeconds, boolean allowCredentials) {

    public CorsConfiguration {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** The {@code Access-Control-Allow-Origin} value for a request from {@code origin}; empty when not allowed. */
    public Optional<String> allowOriginFor(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        if (allowOrigins.contains("*")) {
            return Optional.of(allowCredentials ? origin : "*");
        }
        return allowOrigins.stream().filter(allowed -> allowed.equalsIgnoreCase(origin)).findFirst()
                .map(allowed -> origin);
    }

    /** Whether a preflight for {@code method} is allowed. */
    public boolean allowsMethod(String method) {
        return allowMethods.contains("*") || allowMethods.stream()
                .anyMatch(allowed -> allowed.equalsIgnoreCase(method.strip().toUpperCase(Locale.ROOT)));
    }
}
