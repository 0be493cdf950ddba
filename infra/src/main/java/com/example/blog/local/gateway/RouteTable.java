package com.example.blog.local.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.example.blog.local.template.HttpRoute;

/**
 * HTTP API route selection: the most specific route wins, as in API Gateway. A path's literal segments beat
 * parameters, a parameter beats a greedy {@code {proxy+}}, an exact method beats {@code ANY}, and {@code $default}
 * catches whatever is left.
 */
public final class RouteTable {

    private final List<HttpRoute> routes;

    public RouteTable(List<HttpRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A selected route with the values of its path parameters (percent-decoded). */
    public record Match(HttpRoute route, Map<String, String> pathParameters) {
    }

    public Optional<Match> match(String method, String rawPath) {
        String[] segments = segments(rawPath);
        Optional<Match> best = routes.stream()
                .filter(route -> !route.path().equals("$default"))
                .filter(route -> route.method().equals("ANY") || route.method().equals(method))
                .map(route -> new Candidate(route, bind(route.path(), segments)))
                .filter(candidate -> candidate.parameters() != null)
                .min(Comparator.comparingInt((Candidate candidate) -> -literalSegments(candidate.route().path()))
                        .thenComparingInt(candidate -> candidate.route().path().contains("+}") ? 1 : 0)
                        .thenComparingInt(candidate -> candidate.route().method().equals("ANY") ? 1 : 0))
                .map(candidate -> new Match(candidate.route(), candidate.parameters()));
        if (best.isPresent()) {
            return best;
        }
        return routes.stream().filter(route -> route.path().equals("$default")).findFirst()
                .map(route -> new Match(route, Map.of()));
    }

    private record Candidate(HttpRoute route, Map<String, String> parameters) {
    }

    /** The parameters the path binds, or null when it does not match the template. */
    private static Map<String, String> bind(String template, String[] path) {
        String[] pattern = segments(template);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String part = pattern[i];
            boolean parameter = part.startsWith("{") && part.endsWith("}");
            if (parameter && part.endsWith("+}")) {
                if (i >= path.length) {
                    return null;
                }
                String rest = String.join("/", Arrays.copyOfRange(path, i, path.length));
                parameters.put(part.substring(1, part.length() - 2), decode(rest));
                return parameters;
            }
            if (i >= path.length) {
                return null;
            }
            if (parameter) {
                if (path[i].isEmpty()) {
                    return null;
                }
                parameters.put(part.substring(1, part.length() - 1), decode(path[i]));
            } else if (!part.equals(path[i])) {
                return null;
            }
        }
        return pattern.length == path.length ? parameters : null;
    }

    private static int literalSegments(String template) {
        int count = 0;
        for (String part : segments(template)) {
            if (!part.startsWith("{")) {
                count++;
            }
        }
        return count;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    /** Percent-decoding only: a {@code +} in a path is a plus sign, not a space. */
    static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
