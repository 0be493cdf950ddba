package com.example.blog.local.api;

/** One row of the {@code blogs} table as the database holds it, read behind the API's back. */
record BlogRow(String id, String title, String author, String content, String imageKey, long version) {
}
