package com.example.blog.local.template;

import java.util.List;
import java.util.Optional;

/**
 * A route of an HTTP API, from an {@code HttpApi} event of a function.
 *
 * @param method       upper-case HTTP method, or {@code ANY}
 * @param path         the path template, e.g. {@code /blogs/{id}}; {@code $default} for the catch-all route
 * @param functionLogicalId the function it invokes
 * @param authorizer   the JWT authorizer guarding it; empty for {@code Auth: Authorizer: NONE} or no default
 * @param authorizationScopes scopes a token must have one of, if any
 */
public record HttpRoute(String method, String path, String functionLogicalId, Optional<JwtAuthorizerDefinition> authorizer,
        List<String> authorizationScopes) {

    public HttpRoute {
        authorizationScopes = List.copyOf(authorizationScopes);
    }

    /** The route key API Gateway puts in events, e.g. {@code GET /blogs/{id}}. */
    public String routeKey() {
        return path.equals("$default") ? "$default" : method + " " + path;
    }
}
