package com.example.blog.repository;

import java.util.UUID;

public record NewBlog(UUID id, String title, String author, String content, String imageKey) {
}
