package com.example.blog.repository;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code blogs}; {@code imageKey} is null without an image. */
public record BlogRecord(UUID id, String title, String author, String content, String imageKey, Instant createdAt,
                         Instant modifiedAt, long version) {
}
