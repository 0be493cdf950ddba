package com.example.blog.local.gateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the gateway received it, before any API Gateway processing.
 *
 * @param method    the request method
 * @param rawPath   the path as sent (still percent-encoded)
 * @param rawQuery  the query string as sent, without {@code ?}; empty when none
 * @param headers   every header line in order, names as sent
 * @param body      the body bytes; empty when none
 * @param sourceIp  the client's address
 * @param protocol  e.g. {@code HTTP/1.1}
 */
public record GatewayRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
        byte[] body, String sourceIp, String protocol) {

    public GatewayRequest {
        headers = List.copyOf(headers);
    }

    /** The first value of a header, by case-insensitive name. */
    public String header(String name) {
        return headers.stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
