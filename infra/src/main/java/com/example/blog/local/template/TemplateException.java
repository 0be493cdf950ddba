package com.example.blog.local.template;

/** A template the local stack cannot run, with what and where in the message. */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
