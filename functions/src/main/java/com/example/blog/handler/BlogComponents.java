package com.example.blog.handler;

import java.time.Clock;
import java.time.Duration;

import com.example.blog.config.BlogConfig;
import com.example.blog.config.ClientFactory;
import com.example.blog.http.IdempotentRequests;
import com.example.blog.repository.IdempotencyRepository;
import com.example.blog.repository.RdsDataBlogRepository;
import com.example.blog.repository.RdsDataIdempotencyRepository;
import com.example.blog.service.BlogService;
import com.example.blog.service.ImageUploads;
import com.example.blog.service.OrphanSweeper;
import com.example.blog.storage.S3ImageStore;

/**
 * The production object graph, built once per execution environment when the first handler is constructed (the
 * Lambda init phase, which also runs before a SnapStart snapshot).
 */
public final class BlogComponents {

    private static BlogConfig config;
    private static BlogService service;
    private static OrphanSweeper sweeper;
    private static ImageUploads imageUploads;
    /** Uploads in flight are far younger than this; a request never runs longer than the function's timeout. */
    public static final long DEFAULT_ORPHAN_MIN_AGE_SECONDS = 3600;
    private static IdempotentRequests idempotentRequests;
    private static IdempotencyRepository idempotencyRepository;

    private BlogComponents() {
    }

    public static synchronized BlogConfig config() {
        if (config == null) {
            config = BlogConfig.fromEnvironment().requireComplete();
        }
        return config;
    }

    public static synchronized BlogService blogService() {
        if (service == null) {
            ClientFactory.rdsDataClient(); // every function reads the database: build its client during init
            RdsDataBlogRepository repository = new RdsDataBlogRepository(ClientFactory::rdsDataClient, config());
            S3ImageStore images = new S3ImageStore(ClientFactory::s3Client, ClientFactory::s3Presigner, config());
            service = new BlogService(repository, images, imageUploads(images));
            // Tested here, with the inlined constant, so that an on-demand environment does not even load the hook
            // classes.
            if (SnapStartPriming.SNAP_START.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
                SnapStartPriming.registerOnce(repository, images, config());
            }
        }
        return service;
    }

    /**
     * The sweeper's graph: the same repository and store as the API functions, and BLOG_ORPHAN_MIN_AGE_SECONDS
     * (default one hour) as the age below which an unreferenced object is left alone.
     */
    public static synchronized OrphanSweeper orphanSweeper() {
        if (sweeper == null) {
            ClientFactory.rdsDataClient();
            ClientFactory.s3Client();
            RdsDataBlogRepository repository = new RdsDataBlogRepository(ClientFactory::rdsDataClient, config());
            S3ImageStore images = new S3ImageStore(ClientFactory::s3Client, ClientFactory::s3Presigner, config());
            sweeper = new OrphanSweeper(repository, images, orphanMinimumAge(System.getenv()), Clock.systemUTC(),
                    System.err::println);
        }
        return sweeper;
    }

    static Duration orphanMinimumAge(java.util.Map<String, String> env) {
        String value = env.get("BLOG_ORPHAN_MIN_AGE_SECONDS");
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(DEFAULT_ORPHAN_MIN_AGE_SECONDS);
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0) {
                throw new IllegalArgumentException("BLOG_ORPHAN_MIN_AGE_SECONDS cannot be negative: " + value);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BLOG_ORPHAN_MIN_AGE_SECONDS is not a whole number: " + value, e);
        }
    }

    /** The upload flow on its own: the function that hands out upload forms needs nothing else. */
    public static synchronized ImageUploads imageUploads() {
        if (imageUploads == null) {
            ClientFactory.s3Client(); // signing reads the client's credentials and endpoint: build it during init
            imageUploads = imageUploads(new S3ImageStore(ClientFactory::s3Client, ClientFactory::s3Presigner,
                    config()));
        }
        return imageUploads;
    }

    private static ImageUploads imageUploads(S3ImageStore images) {
        return new ImageUploads(images, config().uploadMaxBytes(), config().uploadTtl());
    }

    public static synchronized IdempotentRequests idempotentRequests() {
        if (idempotentRequests == null) {
            idempotentRequests = new IdempotentRequests(idempotencyRepository());
        }
        return idempotentRequests;
    }

    public static synchronized IdempotencyRepository idempotencyRepository() {
        if (idempotencyRepository == null) {
            idempotencyRepository = new RdsDataIdempotencyRepository(ClientFactory::rdsDataClient, config());
        }
        return idempotencyRepository;
    }
}
