package com.example.blog.service;

import com.example.blog.storage.ImageType;

/** A validated upload: bytes whose magic numbers say they are {@code type}. */
public record Image(byte[] bytes, ImageType type) {
}
