package com.example.blog.config;

import java.util.ArrayList;
import java.util.List;

import com.example.blog.config.ClientFactory.Client;
import com.example.blog.repository.RdsDataBlogRepository;
import com.example.blog.service.BlogService;
import com.example.blog.storage.S3ImageStore;

/**
 * The production object graph, built once per execution environment when the first handler is constructed (the
 * Lambda init phase, which also runs before a SnapStart snapshot).
 */
public final class BlogComponents {

    private static BlogConfig config;
    private static BlogService service;

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

    /**
     * Has the clients a function uses built during init, beside the runtime's own init work (see
     * {@link ClientFactory#buildAhead}). The presigner is skipped when image URLs come from a public base URL.
     */
    public static void buildClientsAhead(Client... clients) {
        boolean presigns = config().imagePublicBaseUrl().isEmpty();
        List<Client> needed = new ArrayList<>();
        for (Client client : clients) {
            if (client != Client.S3_PRESIGNER || presigns) {
                needed.add(client);
            }
        }
        ClientFactory.buildAhead(needed);
    }
}
