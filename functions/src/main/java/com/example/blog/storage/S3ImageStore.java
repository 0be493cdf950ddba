package com.example.blog.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.example.blog.config.BlogConfig;
import com.example.blog.async.Deadline;

import com.example.blog.async.Completions;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Images in one S3 bucket; URLs are presigned GETs unless a public base URL (say, a CDN) is configured. */
public final class S3ImageStore implements ImageStore {

    /** Deletes in flight at once during a sweep. */
    private static final int DELETE_CONCURRENCY = 8;
    /** Listing a page of up to 1000 keys is one small request. */
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
    /** Matches the client's own call timeout; the invocation's remaining time may shorten it. */
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(25);
    /** Reading an upload of up to a few tens of MiB, or copying it within the bucket. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(25);
    /** Keys are random and never reused, so browsers may cache an object for good. */
    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    private final Supplier<S3AsyncClient> s3;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;
    private final Duration urlTtl;
    private final Optional<String> publicBaseUrl;
    private final Clock clock;

    /**
     * Both clients are asked for only when first needed, so the read functions never build an S3 client and
     * requests without images never build the presigner.
     */
    public S3ImageStore(Supplier<S3AsyncClient> s3, Supplier<S3Presigner> presigner, BlogConfig config) {
        this(s3, presigner, config, Clock.systemUTC());
    }

    S3ImageStore(Supplier<S3AsyncClient> s3, Supplier<S3Presigner> presigner, BlogConfig config, Clock clock) {
        this.clock = clock;
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = config.bucket();
        this.urlTtl = config.imageUrlTtl();
        this.publicBaseUrl = config.imagePublicBaseUrl();
    }

    @Override
    public CompletableFuture<Void> put(String key, byte[] content, String contentType, Deadline deadline) {
        return s3.get().putObject(request -> request
                                .bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .contentLength((long) content.length)
                                .cacheControl(CACHE_CONTROL)
                                .overrideConfiguration(o -> o.apiCallTimeout(deadline.callTimeout(PUT_TIMEOUT))),
                        AsyncRequestBody.fromBytesUnsafe(content))
                .thenApply(response -> null);
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return s3.get().deleteObject(request -> request.bucket(bucket).key(key)).thenApply(response -> null);
    }

    /**
     * Single DeleteObject calls, a few at a time so a page of orphans does not queue behind the client's connection
     * limit. (DeleteObjects would be one call, but s3proxy, the local stack's S3, refuses the checksum header the SDK
     * sends with it by default; a setting only the local stack needs would be a fidelity bug.)
     */
    @Override
    public CompletableFuture<List<String>> deleteAll(List<String> keys, Deadline deadline) {
        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (int start = 0; start < keys.size(); start += DELETE_CONCURRENCY) {
            List<String> batch = keys.subList(start, Math.min(keys.size(), start + DELETE_CONCURRENCY));
            done = done.thenCompose(ignored -> CompletableFuture.allOf(batch.stream()
                    .map(key -> s3.get().deleteObject(request -> request.bucket(bucket).key(key)
                                    .overrideConfiguration(o -> o.apiCallTimeout(deadline.callTimeout(LIST_TIMEOUT))))
                            .handle((response, error) -> {
                                if (error == null) {
                                    deleted.add(key);
                                } else {
                                    deadline.log("WARN could not delete " + key + ": " + error);
                                }
                                return null;
                            }))
                    .toArray(CompletableFuture[]::new)));
        }
        return done.thenApply(ignored -> List.copyOf(deleted));
    }

    @Override
    public CompletableFuture<UploadForm> uploadForm(String key, String contentType, long maxBytes, Duration ttl) {
        S3AsyncClient client = s3.get();
        String url = formUrl(client, key);
        var configuration = client.serviceClientConfiguration();
        // The credentials the client itself signs with: the function's role, whose s3:PutObject on uploads/* is
        // what lets the browser's POST in.
        return configuration.credentialsProvider().resolveIdentity().thenApply(credentials -> S3PostPolicy.sign(
                new S3PostPolicy.Upload(url, bucket, key, contentType, maxBytes), credentials,
                configuration.region().id(), clock.instant(), ttl));
    }

    /**
     * Where the form is posted: the bucket's own URL, as the client addresses it (virtual-hosted on AWS, path-style
     * on the local stack), taken from the SDK's URL for an object of the bucket without the key.
     */
    private String formUrl(S3AsyncClient client, String key) {
        String objectUrl = client.utilities().getUrl(request -> request.bucket(bucket).key(key)).toString();
        if (!objectUrl.endsWith("/" + key)) {
            throw new IllegalStateException("Unexpected object URL for " + key + ": " + objectUrl);
        }
        String bucketUrl = objectUrl.substring(0, objectUrl.length() - key.length());
        // A path-style URL names the bucket as its path, which S3 expects without the trailing slash.
        boolean pathStyle = java.net.URI.create(bucketUrl).getPath().length() > 1;
        return pathStyle ? bucketUrl.substring(0, bucketUrl.length() - 1) : bucketUrl;
    }

    @Override
    public CompletableFuture<Optional<ObjectContent>> read(String key, long maxBytes, Deadline deadline) {
        return s3.get().getObject(request -> request
                                .bucket(bucket)
                                .key(key)
                                .range("bytes=0-" + maxBytes)
                                .overrideConfiguration(o -> o.apiCallTimeout(deadline.callTimeout(UPLOAD_TIMEOUT))),
                        AsyncResponseTransformer.toBytes())
                .thenApply(response -> Optional.of(
                        new ObjectContent(response.asByteArrayUnsafe(), response.response().eTag())))
                .exceptionally(error -> {
                    Throwable cause = Completions.unwrap(error);
                    if (cause instanceof S3Exception s3Error && s3Error.statusCode() == 404) {
                        return Optional.empty();
                    }
                    if (cause instanceof S3Exception s3Error && s3Error.statusCode() == 416) {
                        // A range cannot be satisfied only by an empty object.
                        return Optional.of(new ObjectContent(new byte[0], null));
                    }
                    throw new CompletionException(cause);
                });
    }

    @Override
    public CompletableFuture<Void> copy(String sourceKey, String sourceEtag, String targetKey, String contentType,
                                        Deadline deadline) {
        return s3.get().copyObject(request -> request
                        .sourceBucket(bucket)
                        .sourceKey(sourceKey)
                        .copySourceIfMatch(sourceEtag)
                        .destinationBucket(bucket)
                        .destinationKey(targetKey)
                        .metadataDirective(MetadataDirective.REPLACE)
                        .contentType(contentType)
                        .cacheControl(CACHE_CONTROL)
                        .overrideConfiguration(o -> o.apiCallTimeout(deadline.callTimeout(UPLOAD_TIMEOUT))))
                .thenApply(response -> (Void) null)
                .exceptionally(error -> {
                    Throwable cause = Completions.unwrap(error);
                    if (cause instanceof S3Exception s3Error
                            && (s3Error.statusCode() == 404 || s3Error.statusCode() == 412)) {
                        throw new SourceChangedException(sourceKey);
                    }
                    throw new CompletionException(cause);
                });
    }

    @Override
    public CompletableFuture<ImagePage> list(String prefix, String startAfter, int maxKeys, Deadline deadline) {
        return s3.get().listObjectsV2(request -> request
                        .bucket(bucket)
                        .prefix(prefix)
                        .startAfter(startAfter)
                        .maxKeys(maxKeys)
                        .overrideConfiguration(o -> o.apiCallTimeout(deadline.callTimeout(LIST_TIMEOUT))))
                .thenApply(response -> new ImagePage(response.contents().stream()
                        .map(object -> new StoredImage(object.key(), object.lastModified()))
                        .toList(), Boolean.TRUE.equals(response.isTruncated())));
    }

    @Override
    public String urlFor(String key) {
        if (publicBaseUrl.isPresent()) {
            return publicBaseUrl.get() + key;
        }
        // S3 cannot be told to send X-Content-Type-Options: nosniff; what a presigned GET can pin are the response's
        // Content-Type and Content-Disposition, so the browser gets the type the bytes were checked to be, shown
        // inline, whatever the stored object's metadata says. (A CDN in front adds nosniff; see docs/deploy.md.)
        Optional<ImageType> type = ImageType.ofKey(key);
        return presigner.get()
                .presignGetObject(request -> request
                        .signatureDuration(urlTtl)
                        .getObjectRequest(get -> {
                            get.bucket(bucket).key(key);
                            type.ifPresent(t -> get.responseContentType(t.contentType())
                                    .responseContentDisposition("inline"));
                        }))
                .url()
                .toString();
    }
}
