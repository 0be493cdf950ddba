package com.example.blog.service;

import java.time.Instant;
import java.util.UUID;

/** A post as the API shows it. {@code imageUrl} is null without an image. */
public record Blog(UUID id, String title, String author, String content, String imageUrl, Instant createdAt,
                   Instant modifiedAt, long version) {
}
