package com.example.blog.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.SdkAutoCloseable;


/**
 * The one place where AWS clients are built. Production holds one factory per execution environment (the handlers'
 * composition root makes it during init, outside {@code handleRequest}); each client is built on first use, and a JVM
 * shutdown hook closes them.
 *
 * <p>Choices that matter for Lambda:
 * <ul>
 * <li>Every setting the SDK would otherwise discover is given explicitly (region, credentials provider, HTTP
 *     client, defaults mode, retry mode), which keeps the default provider chains and their class loading off the
 *     cold-start path. Defaults and retries are the SDK's recommended {@code standard} ones rather than the
 *     {@code legacy} ones it falls back to for compatibility when nothing is configured.</li>
 * <li>Everything is read from the environment the factory is given, never from elsewhere: production passes the
 *     process environment, a test the variables of the endpoints it runs. Endpoints are not configuration of their
 *     own: when {@code AWS_ENDPOINT_URL_RDS_DATA} or {@code AWS_ENDPOINT_URL_S3} is set (the variables the SDK
 *     itself reads), the clients and the presigner call it, so the same code runs on AWS, the local stack and
 *     LocalStack.</li>
 * <li>One CRT HTTP client serves both service clients. Clients do not close an HTTP client they were given, so the
 *     shutdown hook closes it last.</li>
 * <li>The presigner is only built when an image URL is first needed.</li>
 * </ul>
 *
 * <p>Clients are held in fields rather than built once for good so that the handlers' {@code SnapStartPriming} can
 * close them before a snapshot (pooled connections would be long dead when it is restored) and {@link #reopen()} them
 * after. Many invocation threads may ask for a client at once: reads are lock-free, building is serialised.
 */
public final class ClientFactory {

    /** The Data API gives a statement up to 45 s; an attempt needs a little more to carry the answer back. */
    static final Duration RDS_DATA_ATTEMPT_TIMEOUT = Duration.ofSeconds(50);
    static final Duration RDS_DATA_CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Images are at most a few MiB and S3 sits in the same region. */
    static final Duration S3_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration S3_CALL_TIMEOUT = Duration.ofSeconds(25);
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CONNECTION_ACQUISITION_TIMEOUT = Duration.ofSeconds(5);
    /** Below the idle timeouts of the service endpoints, so a reused connection is not a dead one. */
    static final Duration CONNECTION_MAX_IDLE = Duration.ofSeconds(50);
    /**
     * Connections per endpoint when the environment runs one event at a time: ample for the few overlapping calls of
     * one event.
     */
    static final int MIN_CONNECTIONS = 16;
    /** Calls one event may have in flight to one endpoint at once (an update reads, writes and deletes). */
    static final int CALLS_PER_INVOCATION = 3;
    /** Lambda Managed Instances allows up to 1600 events per environment; no endpoint needs more sockets than this. */
    static final int MAX_CONNECTIONS = 1024;
    /** Set by Lambda Managed Instances: how many events this environment runs at once. */
    static final String MAX_CONCURRENCY_VARIABLE = "AWS_LAMBDA_MAX_CONCURRENCY";
    static final String CRT_LIBC_PROPERTY = "aws.crt.libc";
    static final String CONTAINER_CREDENTIALS_VARIABLE = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    static final String RDS_DATA_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_RDS_DATA";
    static final String S3_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_S3";
    /** The line the shutdown hook logs after closing, the one visible trace of a clean shutdown. */
    public static final String SHUTDOWN_LOG_PREFIX = "Shutdown hook: closed ";
    static final String SHUTDOWN_THREAD = "blog-client-shutdown";

    /** The variables this factory reads: the process environment in production, a test's own in tests. */
    private final Map<String, String> environment;
    // Volatile: under Managed Instances many invocation threads read them at once; only building takes the lock.
    private SdkAsyncHttpClient httpClient;
    private AwsCredentialsProvider credentialsProvider;
    private volatile RdsDataAsyncClient rdsDataClient;
    private volatile S3AsyncClient s3Client;
    private volatile S3Presigner s3Presigner;
    private boolean shutdownHookRegistered;
    private Boolean forcePathStyle;
    /** Which service clients were open at the last {@link #closeAll()}, so {@link #reopen()} rebuilds exactly those. */
    private boolean reopenRdsData;
    private boolean reopenS3;

    /**
     * A factory that builds nothing yet: every client is built on its first use. Production makes one per execution
     * environment, from {@link System#getenv()}.
     */
    public ClientFactory(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public RdsDataAsyncClient rdsDataClient() {
        RdsDataAsyncClient built = rdsDataClient;
        return built != null ? built : buildRdsDataClient();
    }

    private synchronized RdsDataAsyncClient buildRdsDataClient() {
        if (rdsDataClient == null) {
            RdsDataAsyncClientBuilder builder = RdsDataAsyncClient.builder()
                    .region(region())
                    .credentialsProvider(credentialsProvider())
                    .httpClient(httpClient())
                    .defaultsMode(DefaultsMode.STANDARD)
                    .overrideConfiguration(timeouts(RDS_DATA_ATTEMPT_TIMEOUT, RDS_DATA_CALL_TIMEOUT));
            endpoint(RDS_DATA_ENDPOINT_VARIABLE).ifPresent(builder::endpointOverride);
            rdsDataClient = builder.build();
        }
        return rdsDataClient;
    }

    public S3AsyncClient s3Client() {
        S3AsyncClient built = s3Client;
        return built != null ? built : buildS3Client();
    }

    private synchronized S3AsyncClient buildS3Client() {
        if (s3Client == null) {
            S3AsyncClientBuilder builder = S3AsyncClient.builder()
                    .region(region())
                    .credentialsProvider(credentialsProvider())
                    .httpClient(httpClient())
                    .forcePathStyle(forcePathStyle())
                    // The bucket is a general-purpose one (the template's), addressed by name rather than by ARN: no
                    // S3 Express session, ARN-region or multi-region access point settings to look up.
                    .disableS3ExpressSessionAuth(true)
                    .useArnRegion(false)
                    .disableMultiRegionAccessPoints(true)
                    .defaultsMode(DefaultsMode.STANDARD)
                    .overrideConfiguration(timeouts(S3_ATTEMPT_TIMEOUT, S3_CALL_TIMEOUT));
            endpoint(S3_ENDPOINT_VARIABLE).ifPresent(builder::endpointOverride);
            s3Client = builder.build();
        }
        return s3Client;
    }

    /** Presigning is local computation; it must address objects exactly as {@link #s3Client()} does. */
    public S3Presigner s3Presigner() {
        S3Presigner built = s3Presigner;
        return built != null ? built : buildS3Presigner();
    }

    private synchronized S3Presigner buildS3Presigner() {
        if (s3Presigner == null) {
            S3Presigner.Builder builder = S3Presigner.builder()
                    .region(region())
                    .credentialsProvider(credentialsProvider())
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(forcePathStyle())
                            // As for the client: a bucket name, not an ARN.
                            .useArnRegionEnabled(false)
                            .multiRegionEnabled(false)
                            .build())
                    .disableS3ExpressSessionAuth(true);
            endpoint(S3_ENDPOINT_VARIABLE).ifPresent(builder::endpointOverride);
            s3Presigner = builder.build();
            registerShutdownHook();
        }
        return s3Presigner;
    }

    /** The S3 client if this environment has built one (the writing functions do so during init). */
    public synchronized Optional<S3AsyncClient> s3ClientIfBuilt() {
        return Optional.ofNullable(s3Client);
    }

    /**
     * Closes every client built so far, the shared HTTP client last, and forgets them so the next call builds fresh
     * ones. Used by the shutdown hook and before a SnapStart snapshot.
     */
    public synchronized void closeAll() {
        closeAll(false);
    }

    /**
     * Builds again the service clients that were open at the last {@link #closeAll()}: after a restore, before any
     * request. Not the presigner: priming builds it in every function (the delete function never uses it), and it
     * holds no connections, so the first image URL builds it again from classes already in the snapshot.
     */
    public synchronized void reopen() {
        if (reopenRdsData) {
            rdsDataClient();
        }
        if (reopenS3) {
            s3Client();
        }
    }

    private synchronized void closeAll(boolean announce) {
        reopenRdsData = rdsDataClient != null;
        reopenS3 = s3Client != null;
        List<SdkAutoCloseable> open = new ArrayList<>();
        // Service clients first: they may still hand requests to the HTTP client while closing.
        open.add(s3Presigner);
        open.add(s3Client);
        open.add(rdsDataClient);
        open.add(httpClient);
        if (credentialsProvider instanceof SdkAutoCloseable closeable) {
            open.add(closeable);
        }
        s3Presigner = null;
        s3Client = null;
        rdsDataClient = null;
        httpClient = null;
        credentialsProvider = null;
        int closed = 0;
        for (SdkAutoCloseable closeable : open) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
                closed++;
            } catch (RuntimeException e) {
                // Keep closing the others; there is nobody left to report to but the log.
                System.err.println("Closing " + closeable.getClass().getSimpleName() + " failed: " + e);
            }
        }
        if (announce) {
            // The one visible trace that the runtime let the function shut down cleanly.
            System.err.println(SHUTDOWN_LOG_PREFIX + closed + " AWS client(s)");
        }
    }

    private SdkAsyncHttpClient httpClient() {
        if (httpClient == null) {
            declareCRuntime();
            httpClient = AwsCrtAsyncHttpClient.builder()
                    .maxConcurrency(maxConnections(environment.get(MAX_CONCURRENCY_VARIABLE)))
                    .connectionTimeout(CONNECTION_TIMEOUT)
                    .connectionAcquisitionTimeout(CONNECTION_ACQUISITION_TIMEOUT)
                    .connectionMaxIdleTime(CONNECTION_MAX_IDLE)
                    .build();
            registerShutdownHook();
        }
        return httpClient;
    }

    /**
     * The CRT's connection limit per endpoint: enough for every event the environment runs at once to have its
     * overlapping calls in flight, so that concurrency is bounded by the runtime's setting rather than by queueing for
     * a connection (and timing out in {@link #CONNECTION_ACQUISITION_TIMEOUT}).
     */
    static int maxConnections(String maxConcurrency) {
        int invocations = 1;
        if (maxConcurrency != null) {
            try {
                invocations = Math.max(1, Integer.parseInt(maxConcurrency.trim()));
            } catch (NumberFormatException e) {
                // Lambda sets a number; anything else is treated as classic Lambda's one event at a time.
            }
        }
        return Math.min(MAX_CONNECTIONS, Math.max(MIN_CONNECTIONS, invocations * CALLS_PER_INVOCATION));
    }

    /**
     * The artifact carries only the glibc builds of the CRT (Lambda's Amazon Linux is glibc). When the CRT has to
     * extract its native library from its jar (on the architecture whose library is not in {@code lib/}), it first
     * finds out which C library to pick by running {@code ldd} in a child process, unless this property says it: a
     * process start on every such cold start. An explicit setting (e.g. in JAVA_TOOL_OPTIONS) still wins.
     */
    static void declareCRuntime() {
        if (System.getProperty(CRT_LIBC_PROPERTY) == null) {
            System.setProperty(CRT_LIBC_PROPERTY, "glibc");
        }
    }

    /**
     * Lambda puts the execution role's credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN for
     * the life of the environment, except under SnapStart, where those variables are absent and the runtime serves
     * them from the endpoint in AWS_CONTAINER_CREDENTIALS_FULL_URI (authorised by AWS_CONTAINER_AUTHORIZATION_TOKEN).
     * Choosing by that variable avoids walking the default chain (profile files, IMDS) while working in both modes.
     * The container provider caches and refreshes before expiry, so credentials captured in a snapshot are not used
     * once stale.
     */
    AwsCredentialsProvider credentialsProvider() {
        if (credentialsProvider == null) {
            credentialsProvider = isSet(environment.get(CONTAINER_CREDENTIALS_VARIABLE))
                    ? ContainerCredentialsProvider.builder().build()
                    : environmentCredentials();
        }
        return credentialsProvider;
    }

    /** The variables' credentials, read from this factory's environment; missing ones fail the first call. */
    private AwsCredentialsProvider environmentCredentials() {
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        String token = environment.get("AWS_SESSION_TOKEN");
        if (!isSet(keyId) || !isSet(secret)) {
            return () -> {
                throw SdkClientException.create("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
            };
        }
        return StaticCredentialsProvider.create(isSet(token)
                ? AwsSessionCredentials.create(keyId, secret, token)
                : AwsBasicCredentials.create(keyId, secret));
    }

    private Region region() {
        String region = environment.get("AWS_REGION");
        if (!isSet(region)) {
            throw new IllegalStateException("Environment variable AWS_REGION is not set");
        }
        return Region.of(region);
    }

    /**
     * The service endpoint from the variable the SDK itself would read, when set (the local stack, LocalStack); taken
     * from this factory's environment so that a factory built for other endpoints calls those.
     */
    private Optional<URI> endpoint(String variable) {
        String endpoint = environment.get(variable);
        return isSet(endpoint) ? Optional.of(URI.create(endpoint.trim())) : Optional.empty();
    }

    /** Read once: the S3 client, the presigner and every rebuild after a restore share the answer. */
    private boolean forcePathStyle() {
        if (forcePathStyle == null) {
            forcePathStyle = BlogConfig.fromMap(environment).s3ForcePathStyle();
        }
        return forcePathStyle;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static ClientOverrideConfiguration timeouts(Duration attempt, Duration call) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(attempt)
                .apiCallTimeout(call)
                .retryStrategy(RetryMode.STANDARD)
                .build();
    }

    private void registerShutdownHook() {
        if (!shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(true), SHUTDOWN_THREAD));
            shutdownHookRegistered = true;
        }
    }
}
