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

    /** Uploads in flight are far younger than this; a request never runs longer than the function's timeout. */
    public static final long DEFAULT_ORPHAN_MIN_AGE_SECONDS = 3600;
    /** The environment's one factory: made with this class, during init; it builds nothing until asked. */
    private static final ClientFactory CLIENTS = new ClientFactory(System.getenv());

    private static BlogConfig config;
    private static RdsDataBlogRepository repository;
    private static S3ImageStore images;
    private static BlogService service;
    private static OrphanSweeper sweeper;
    private static ImageUploads imageUploads;
    private static IdempotentRequests idempotentRequests;
    private static IdempotencyRepository idempotencyRepository;

    private BlogComponents() {
    }

    /** The AWS clients of this execution environment. */
    static ClientFactory clients() {
        return CLIENTS;
    }

    public static synchronized BlogConfig config() {
        if (config == null) {
            config = BlogConfig.fromEnvironment().requireComplete();
        }
        return config;
    }

    public static synchronized BlogService blogService() {
        if (service == null) {
            service = new BlogService(repository(), images(), imageUploads());
            if (initialisingSnapshot()) {
                SnapStartPriming.registerOnce(repository(), images(), config(), CLIENTS);
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
            CLIENTS.s3Client(); // lists and deletes objects: build the client during init, not in the first run
            sweeper = new OrphanSweeper(repository(), images(), orphanMinimumAge(System.getenv()),
                    Clock.systemUTC());
        }
        return sweeper;
    }

    /** Every function reads the database: its client is built with the repository, during init. */
    private static synchronized RdsDataBlogRepository repository() {
        if (repository == null) {
            CLIENTS.rdsDataClient();
            repository = new RdsDataBlogRepository(CLIENTS::rdsDataClient, config());
        }
        return repository;
    }

    private static synchronized S3ImageStore images() {
        if (images == null) {
            images = new S3ImageStore(CLIENTS::s3Client, CLIENTS::s3Presigner, config());
        }
        return images;
    }

    /**
     * Whether Lambda is initialising this environment for a SnapStart snapshot. Tested here, with the inlined
     * constant, so that an on-demand environment does not even load the hook classes.
     */
    private static boolean initialisingSnapshot() {
        return SnapStartPriming.SNAP_START.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
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

    /** The upload flow: the posts' service takes uploads, and the upload function hands out their forms. */
    private static synchronized ImageUploads imageUploads() {
        if (imageUploads == null) {
            CLIENTS.s3Client(); // signing reads the client's credentials and endpoint: build it during init
            imageUploads = new ImageUploads(images(), config().uploadMaxBytes(), config().uploadTtl());
        }
        return imageUploads;
    }

    /**
     * The graph of the function that hands out upload forms: the upload flow, with its own SnapStart priming (the
     * posts' priming would read the database and images/, which its role may not).
     */
    public static synchronized ImageUploads uploadForms() {
        ImageUploads uploads = imageUploads();
        if (initialisingSnapshot()) {
            SnapStartPriming.registerUploadsOnce(uploads, CLIENTS);
        }
        return uploads;
    }

    public static synchronized IdempotentRequests idempotentRequests() {
        if (idempotentRequests == null) {
            idempotentRequests = new IdempotentRequests(idempotencyRepository());
        }
        return idempotentRequests;
    }

    public static synchronized IdempotencyRepository idempotencyRepository() {
        if (idempotencyRepository == null) {
            idempotencyRepository = new RdsDataIdempotencyRepository(CLIENTS::rdsDataClient, config());
        }
        return idempotencyRepository;
    }
}
