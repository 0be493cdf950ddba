package com.example.blog.repository;

import java.util.UUID;

/** Replaces title, content and image key if, and only if, the row is still at {@code expectedVersion}. */
public record BlogUpdate(UUID id, long expectedVersion, String title, String content, String imageKey) {
}
