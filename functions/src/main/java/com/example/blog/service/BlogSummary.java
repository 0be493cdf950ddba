package com.example.blog.service;

import java.time.Instant;
import java.util.UUID;

/** A post in a list: the excerpt stands in for the content so a page stays small. */
public record BlogSummary(UUID id, String title, String author, String excerpt, String imageUrl, Instant createdAt,
                          Instant modifiedAt, long version) {
}
