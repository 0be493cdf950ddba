package com.example.blog.local.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the gateway answers: a status, header lines (repeats allowed, as for {@code Set-Cookie}) and a body.
 */
public record GatewayResponse(int statusCode, List<Map.Entry<String, String>> headers, byte[] body) {

    public GatewayResponse {
        headers = List.copyOf(headers);
    }

    /** The gateway's own JSON error, e.g. {@code 404 {"message":"Not Found"}}, as API Gateway words them. */
    static GatewayResponse error(int statusCode, String message, Map.Entry<String, String>... extraHeaders) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        headers.addAll(List.of(extraHeaders));
        return new GatewayResponse(statusCode, headers,
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, by case-insensitive name. */
    public String header(String name) {
        return headers.stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
