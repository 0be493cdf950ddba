package com.example.blog.service;

import java.util.List;
import java.util.Optional;

import com.example.blog.repository.PageCursor;

/** One page of the newest-first list; {@code next} is present when more posts follow. */
public record BlogPage(List<BlogSummary> items, Optional<PageCursor> next) {

    public BlogPage {
        items = List.copyOf(items);
    }
}
