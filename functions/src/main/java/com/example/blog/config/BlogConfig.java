package com.example.blog.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The function's settings, read once per execution environment from the variables that template.yaml sets in
 * Globals. Missing optional values take their documented defaults; malformed values fail initialisation so a bad
 * deployment is visible at the first invocation instead of producing odd responses later.
 *
 * @param clusterArn           BLOG_CLUSTER_ARN, the Aurora cluster the Data API talks to
 * @param secretArn            BLOG_SECRET_ARN, the Secrets Manager secret with the database credentials
 * @param database             BLOG_DATABASE (default {@code blog})
 * @param bucket               BLOG_BUCKET, where images live
 * @param imageMaxBytes        BLOG_IMAGE_MAX_BYTES (default 4 MiB), the largest decoded image accepted
 * @param imageUrlTtl          BLOG_IMAGE_URL_TTL_SECONDS (default 3600), lifetime of presigned image URLs
 * @param imagePublicBaseUrl   BLOG_IMAGE_PUBLIC_BASE_URL; when present image URLs are this base plus the key
 *                             instead of presigned URLs (for a CDN in front of the bucket)
 * @param s3ForcePathStyle     BLOG_S3_FORCE_PATH_STYLE (default false); the local stack needs path-style URLs
 * @param uploadMaxBytes       BLOG_UPLOAD_MAX_BYTES (default 20 MiB), the largest image sent through a presigned
 *                             upload (the request-body limit {@code imageMaxBytes} does not apply to those)
 * @param uploadTtl            BLOG_UPLOAD_TTL_SECONDS (default 600), how long a presigned upload form may be used
 */
public record BlogConfig(
        String clusterArn,
        String secretArn,
        String database,
        String bucket,
        long imageMaxBytes,
        Duration imageUrlTtl,
        Optional<String> imagePublicBaseUrl,
        boolean s3ForcePathStyle,
        long uploadMaxBytes,
        Duration uploadTtl) {

    public static final String DEFAULT_DATABASE = "blog";
    public static final long DEFAULT_IMAGE_MAX_BYTES = 4L * 1024 * 1024;
    public static final long DEFAULT_IMAGE_URL_TTL_SECONDS = 3600;
    public static final long DEFAULT_UPLOAD_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_UPLOAD_TTL_SECONDS = 600;
    /** A POST policy's signing scope is one day, and an upload form is meant to be used at once. */
    private static final long MAX_UPLOAD_TTL_SECONDS = 3600;
    /** An upload is read whole into the function's memory to be checked before it becomes a post's image. */
    private static final long MAX_UPLOAD_BYTES = 100L * 1024 * 1024;
    /** SigV4 presigned URLs cannot live longer than seven days. */
    private static final long MAX_IMAGE_URL_TTL_SECONDS = 7L * 24 * 3600;

    public BlogConfig {
        if (imageMaxBytes < 1) {
            throw new IllegalArgumentException("BLOG_IMAGE_MAX_BYTES must be positive");
        }
        if (imageUrlTtl.isNegative() || imageUrlTtl.isZero() || imageUrlTtl.getSeconds() > MAX_IMAGE_URL_TTL_SECONDS) {
            throw new IllegalArgumentException("BLOG_IMAGE_URL_TTL_SECONDS must be between 1 and 604800");
        }
        if (uploadMaxBytes < 1 || uploadMaxBytes > MAX_UPLOAD_BYTES) {
            throw new IllegalArgumentException("BLOG_UPLOAD_MAX_BYTES must be between 1 and " + MAX_UPLOAD_BYTES);
        }
        if (uploadTtl.isNegative() || uploadTtl.isZero() || uploadTtl.getSeconds() > MAX_UPLOAD_TTL_SECONDS) {
            throw new IllegalArgumentException(
                    "BLOG_UPLOAD_TTL_SECONDS must be between 1 and " + MAX_UPLOAD_TTL_SECONDS);
        }
        imagePublicBaseUrl = imagePublicBaseUrl.filter(s -> !s.isBlank()).map(BlogConfig::withTrailingSlash);
    }

    public static BlogConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    public static BlogConfig fromMap(Map<String, String> env) {
        return new BlogConfig(
                text(env, "BLOG_CLUSTER_ARN"),
                text(env, "BLOG_SECRET_ARN"),
                Optional.ofNullable(text(env, "BLOG_DATABASE")).orElse(DEFAULT_DATABASE),
                text(env, "BLOG_BUCKET"),
                number(env, "BLOG_IMAGE_MAX_BYTES", DEFAULT_IMAGE_MAX_BYTES),
                Duration.ofSeconds(number(env, "BLOG_IMAGE_URL_TTL_SECONDS", DEFAULT_IMAGE_URL_TTL_SECONDS)),
                Optional.ofNullable(text(env, "BLOG_IMAGE_PUBLIC_BASE_URL")),
                bool(env, "BLOG_S3_FORCE_PATH_STYLE"),
                number(env, "BLOG_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES),
                Duration.ofSeconds(number(env, "BLOG_UPLOAD_TTL_SECONDS", DEFAULT_UPLOAD_TTL_SECONDS)));
    }

    /** Fails fast with the variable's name when the blog functions are started without their database or bucket. */
    public BlogConfig requireComplete() {
        require(clusterArn, "BLOG_CLUSTER_ARN");
        require(secretArn, "BLOG_SECRET_ARN");
        require(bucket, "BLOG_BUCKET");
        return this;
    }

    private static void require(String value, String name) {
        if (value == null) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
    }

    private static String text(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static long number(Map<String, String> env, String name, long defaultValue) {
        String value = text(env, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + value, e);
        }
    }

    private static boolean bool(Map<String, String> env, String name) {
        String value = text(env, name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(name + " must be true or false: " + value);
    }

    private static String withTrailingSlash(String base) {
        String trimmed = base.trim();
        URI.create(trimmed); // rejects a malformed base URL at start-up rather than in every response
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }
}
