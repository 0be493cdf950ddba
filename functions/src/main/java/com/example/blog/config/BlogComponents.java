package com.example.blog.config;

import com.example.blog.http.IdempotentRequests;
import com.example.blog.repository.RdsDataBlogRepository;
import com.example.blog.repository.RdsDataIdempotencyRepository;
import com.example.blog.service.BlogService;
import com.example.blog.storage.S3ImageStore;

/**
 * The production object graph, built once per execution environment when the first handler is constructed (the
 * Lambda init phase, which also runs before a SnapStart snapshot).
 */
public final class BlogComponents {

    private static BlogConfig config;
    private static BlogService service;
    private static IdempotentRequests idempotentRequests;

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
            service = new BlogService(repository, images);
            // Tested here, with the inlined constant, so that an on-demand environment does not even load the hook
            // classes.
            if (SnapStartPriming.SNAP_START.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
                SnapStartPriming.registerOnce(repository, images, config());
            }
        }
        return service;
    }

    public static synchronized IdempotentRequests idempotentRequests() {
        if (idempotentRequests == null) {
            idempotentRequests = new IdempotentRequests(
                    new RdsDataIdempotencyRepository(ClientFactory::rdsDataClient, config()));
        }
        return idempotentRequests;
    }
}
