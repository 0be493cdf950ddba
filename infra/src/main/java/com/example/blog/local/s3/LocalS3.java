package com.example.blog.local.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * A local S3 endpoint: s3proxy in front of jclouds' filesystem blob store, so objects are plain files under a
 * directory and survive restarts.
 *
 * <p>Requests must be signed with AWS Signature Version 4 by the given identity, as on AWS, which includes
 * presigned URLs (query-string authentication). Only path-style addressing is served: virtual-hosted style would
 * need a wildcard DNS name for the bucket, which a laptop does not have.
 */
public final class LocalS3 implements AutoCloseable {

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final URI endpoint;

    private LocalS3(BlobStoreContext context, S3Proxy proxy, URI endpoint) {
        this.context = context;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * Starts the endpoint on {@code 127.0.0.1:port} (0 picks a free port) and creates the buckets that do not
     * exist yet.
     */
    public static LocalS3 start(Path directory, int port, String accessKeyId, String secretAccessKey,
            String... buckets) throws IOException {
        Files.createDirectories(directory);
        Properties properties = new Properties();
        properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, directory.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .overrides(properties)
                .buildView(BlobStoreContext.class);
        try {
            BlobStore blobStore = context.getBlobStore();
            for (String bucket : buckets) {
                blobStore.createContainerInLocation(null, bucket);
            }
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V4, accessKeyId, secretAccessKey)
                    // Presigned URLs are signed for a future instant and checked against the clock; AWS allows
                    // 15 minutes of skew, which is what this keeps.
                    .maximumTimeSkew(15 * 60)
                    .build();
            proxy.start();
            return new LocalS3(context, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
        } catch (Exception e) {
            context.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start the local S3 endpoint: " + e.getMessage(), e);
        }
    }

    /** The endpoint URL, e.g. {@code http://127.0.0.1:4566}, for {@code AWS_ENDPOINT_URL_S3}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the local S3 endpoint", e);
        } finally {
            context.close();
        }
    }
}
