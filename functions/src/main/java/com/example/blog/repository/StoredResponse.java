package com.example.blog.repository;

import java.util.Map;

/** A response as kept for replay: status, single-value headers and body text. */
public record StoredResponse(int statusCode, Map<String, String> headers, String body) {

    public StoredResponse {
        headers = Map.copyOf(headers);
    }
}
