package com.example.blog.service;

/**
 * Validated input of a create or update. {@code image} is null when none was sent in the request; {@code imageUpload}
 * is the key of an image uploaded beforehand through a presigned form (see {@link ImageUploads}), null when none is
 * referenced; at most one of the two is set. {@code removeImage} asks an update to drop the current image (never
 * together with a new one).
 */
public record BlogDraft(String title, String content, Image image, boolean removeImage, String imageUpload) {

    public BlogDraft {
        if (image != null && imageUpload != null) {
            throw new IllegalArgumentException("an image and an uploaded image cannot both be given");
        }
    }

    public BlogDraft(String title, String content, Image image, boolean removeImage) {
        this(title, content, image, removeImage, null);
    }

    /** Whether the post is to get a new image, sent with the request or uploaded before it. */
    public boolean hasNewImage() {
        return image != null || imageUpload != null;
    }
}
