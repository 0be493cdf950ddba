package com.example.blog.local.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

import com.example.blog.local.sigv4.SigV4;

/**
 * A local S3 endpoint: s3proxy in front of jclouds' filesystem blob store, so objects are plain files under a
 * directory and survive restarts, behind a front door ({@link S3FrontDoor}) that does what s3proxy does not do as
 * S3 does: the SDKs' default flexible checksums and signed aws-chunked uploads, and Content-Type byte for byte.
 *
 * <p>Requests must be signed with AWS Signature Version 4 by the given identity, as on AWS, which includes
 * presigned URLs (query-string authentication). Only path-style addressing is served: virtual-hosted style would
 * need a wildcard DNS name for the bucket, which a laptop does not have.
 */
public final class LocalS3 implements AutoCloseable {

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final S3FrontDoor frontDoor;

    private LocalS3(BlobStoreContext context, S3Proxy proxy, S3FrontDoor frontDoor) {
        this.context = context;
        this.proxy = proxy;
        this.frontDoor = frontDoor;
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
        S3Proxy proxy = null;
        try {
            BlobStore blobStore = context.getBlobStore();
            for (String bucket : buckets) {
                blobStore.createContainerInLocation(null, bucket);
            }
            // s3proxy listens on a loopback port of its own and trusts what reaches it: the front door has
            // authenticated the request and verified its body by then.
            proxy = S3Proxy.builder()
                    .blobStore(new DirectoryFreeBlobStore(blobStore))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .build();
            proxy.start();
            S3FrontDoor frontDoor = S3FrontDoor.start(port, URI.create("http://127.0.0.1:" + proxy.getPort()),
                    accessKeyId, secretAccessKey, SigV4.MAX_CLOCK_SKEW);
            return new LocalS3(context, proxy, frontDoor);
        } catch (Exception e) {
            if (proxy != null) {
                try {
                    proxy.stop();
                } catch (Exception stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            context.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start the local S3 endpoint: " + e.getMessage(), e);
        }
    }

    /** The endpoint URL, e.g. {@code http://127.0.0.1:4566}, for {@code AWS_ENDPOINT_URL_S3}. */
    public URI endpoint() {
        return frontDoor.endpoint();
    }

    @Override
    public void close() {
        frontDoor.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the local S3 endpoint", e);
        } finally {
            context.close();
        }
    }
}
