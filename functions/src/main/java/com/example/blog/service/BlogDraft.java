package com.example.blog.service;

/**
 * Validated input of a create or update. {@code image} is null when none was sent; {@code removeImage} asks an update
 * to drop the current image (never together with a new one).
 */
public record BlogDraft(String title, String content, Image image, boolean removeImage) {
}
