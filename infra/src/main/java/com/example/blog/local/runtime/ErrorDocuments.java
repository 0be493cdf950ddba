package com.example.blog.local.runtime;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code {errorMessage, errorType}} documents Lambda returns when it, not the function, reports a failure. */
final class ErrorDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorDocuments() {
    }

    static byte[] of(String message, String errorType) {
        ObjectNode document = JSON.createObjectNode();
        document.put("errorMessage", message);
        document.put("errorType", errorType);
        return document.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] message(String message) {
        ObjectNode document = JSON.createObjectNode();
        document.put("errorMessage", message);
        return document.toString().getBytes(StandardCharsets.UTF_8);
    }
}
