package com.example.blog.local.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.stack.LocalStackOptions;

/**
 * The blog API served by our local stack, its functions talking to whatever S3 and Data API the options name, and
 * the test's own SDK clients reading the bucket and the table behind the API.
 */
final class StackEnvironment implements ApiEnvironment {

    /**
     * One Netty client for every SDK client of the test JVM; a client the SDK does not own is not closed with it,
     * which spares each test class the seconds a graceful event-loop shutdown takes.
     */
    private static final SdkAsyncHttpClient HTTP = NettyNioAsyncHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10)).build();

    private final String description;
    private final LocalStack stack;
    private final S3AsyncClient s3;
    private final Supplier<List<BlogRow>> table;
    private final List<AutoCloseable> alsoClose;

    private StackEnvironment(String description, LocalStack stack, S3AsyncClient s3, Supplier<List<BlogRow>> table,
            List<AutoCloseable> alsoClose) {
        this.description = description;
        this.stack = stack;
        this.s3 = s3;
        this.table = table;
        this.alsoClose = alsoClose;
    }

    /** The repository root, from the build. */
    static Path root() {
        return Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();
    }

    /** Skips the calling tests when the deployment artifact has not been built. */
    static void assumeArtifactBuilt() {
        Path artifact = root().resolve("functions/target/blog-functions.zip");
        assumeTrue(Files.isRegularFile(artifact),
                "the deployment artifact is built by the functions module first: " + artifact);
    }

    /** Everything local: embedded PostgreSQL read over JDBC, the local Data API, s3proxy. */
    static StackEnvironment embedded(Path dataDirectory) throws Exception {
        assumeArtifactBuilt();
        LocalStack stack = LocalStack.start(LocalStackOptions.builder(root()).dataDirectory(dataDirectory).build());
        return new StackEnvironment("the local stack (embedded PostgreSQL, local Data API, local S3)", stack,
                s3Client(stack.s3Endpoint()), BlogTables.jdbc(stack.dataSource()), List.of());
    }

    /**
     * The local stack with the given options (typically external services); {@code alsoClose} (e.g. a container)
     * is closed after the stack, in order. The table is read over JDBC when the stack runs its own database, else
     * through the external Data API.
     */
    static StackEnvironment withOptions(String description, LocalStackOptions options, List<AutoCloseable> alsoClose)
            throws Exception {
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (Exception | Error e) {
            closeAll(alsoClose);
            throw e;
        }
        List<AutoCloseable> closeAfterStack = new ArrayList<>(alsoClose);
        Supplier<List<BlogRow>> table;
        if (stack.dataSource() != null) {
            table = BlogTables.jdbc(stack.dataSource());
        } else {
            RdsDataAsyncClient dataApi = dataApiClient(stack.dataApiEndpoint());
            closeAfterStack.add(0, dataApi);
            table = BlogTables.dataApi(dataApi, stack.clusterArn(), stack.secretArn(), stack.database());
        }
        return new StackEnvironment(description, stack, s3Client(stack.s3Endpoint()), table, closeAfterStack);
    }

    static S3AsyncClient s3Client(URI endpoint) {
        return S3AsyncClient.builder()
                .httpClient(HTTP)
                .endpointOverride(endpoint)
                .region(Region.of(LocalStack.REGION))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .build();
    }

    static RdsDataAsyncClient dataApiClient(URI endpoint) {
        return RdsDataAsyncClient.builder()
                .httpClient(HTTP)
                .endpointOverride(endpoint)
                .region(Region.of(LocalStack.REGION))
                .credentialsProvider(credentials())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalStack.ACCESS_KEY_ID, LocalStack.SECRET_ACCESS_KEY));
    }

    LocalStack stack() {
        return stack;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public URI apiUrl() {
        return stack.apiUrl();
    }

    @Override
    public String tokenFor(String user) {
        return stack.tokenFor(user);
    }

    @Override
    public List<BlogRow> rows() {
        return table.get();
    }

    @Override
    public Set<String> objects(String prefix) {
        Set<String> keys = new TreeSet<>();
        s3.listObjectsV2Paginator(request -> request.bucket(stack.bucket()).prefix(prefix))
                .contents().subscribe((S3Object object) -> keys.add(object.key())).join();
        return keys;
    }

    @Override
    public byte[] object(String key) {
        return s3.getObject(request -> request.bucket(stack.bucket()).key(key), AsyncResponseTransformer.toBytes())
                .join().asByteArray();
    }

    /** Removes an object behind the API's back (for fixtures that restore a known state). */
    void deleteObject(String key) {
        s3.deleteObject(request -> request.bucket(stack.bucket()).key(key)).join();
    }

    @Override
    public void close() {
        s3.close();
        stack.close();
        closeAll(alsoClose);
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable closeable : new ArrayList<>(closeables)) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("cannot close " + closeable + ": " + e);
            }
        }
    }
}
