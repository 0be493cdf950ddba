package com.example.blog.repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Position after the last post of a page in the (created_at DESC, id DESC) order. Only positions a stored row can
 * have are representable: a timestamp with microsecond precision (PostgreSQL's) within years 1 to 9999 (what the
 * Data API's TIMESTAMP type hint can carry as {@code YYYY-MM-DD}). Anything else would reach the database and fail
 * there.
 */
public record PageCursor(Instant createdAt, UUID id) {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public PageCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
        if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
            throw new IllegalArgumentException("createdAt is outside the years 1 to 9999: " + createdAt);
        }
        if (!createdAt.truncatedTo(ChronoUnit.MICROS).equals(createdAt)) {
            throw new IllegalArgumentException("createdAt is finer than a microsecond: " + createdAt);
        }
    }
}
