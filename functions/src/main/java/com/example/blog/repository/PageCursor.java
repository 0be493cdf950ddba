package com.example.blog.repository;

import java.time.Instant;
import java.util.UUID;

/** Position after the last post of a page in the (created_at DESC, id DESC) order. */
public record PageCursor(Instant createdAt, UUID id) {
}
