package com.example.blog.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A browser-based upload: a {@code multipart/form-data} POST to {@code url} with every one of {@code fields} (in
 * order) and then the file as the last part, named {@code file}. The form is good until {@code expiresAt}.
 */
public record UploadForm(String url, Map<String, String> fields, Instant expiresAt) {

    public UploadForm {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
