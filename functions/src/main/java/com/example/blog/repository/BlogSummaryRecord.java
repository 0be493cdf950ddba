package com.example.blog.repository;

import java.time.Instant;
import java.util.UUID;

/** A row of the list query: the excerpt is computed by the database so whole contents never travel. */
public record BlogSummaryRecord(UUID id, String title, String author, String excerpt, String imageKey,
                                Instant createdAt, Instant modifiedAt, long version) {
}
