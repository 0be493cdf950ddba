package com.example.blog.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.SdkAutoCloseable;


/**
 * The one place where AWS clients are built: once per execution environment, outside {@code handleRequest}, and
 * closed by a JVM shutdown hook.
 *
 * <p>Choices that matter for Lambda:
 * <ul>
 * <li>Every setting the SDK would otherwise discover is given explicitly (region, credentials provider, HTTP
 *     client, defaults mode, retry mode), which keeps the default provider chains and their class loading off the
 *     cold-start path. Defaults and retries are the SDK's recommended {@code standard} ones rather than the
 *     {@code legacy} ones it falls back to for compatibility when nothing is configured.</li>
 * <li>Endpoints are deliberately NOT configured here: the SDK reads {@code AWS_ENDPOINT_URL_RDS_DATA} and
 *     {@code AWS_ENDPOINT_URL_S3} itself (the presigner too), so the same code runs on AWS, the local stack and
 *     LocalStack.</li>
 * <li>One CRT HTTP client serves both service clients. Clients do not close an HTTP client they were given, so the
 *     shutdown hook closes it last.</li>
 * <li>The presigner is only built when an image URL is first needed.</li>
 * </ul>
 *
 * <p>Clients are held in fields rather than in static-final holders so that the handlers' {@code SnapStartPriming}
 * can close them before a snapshot (pooled connections would be long dead when it is restored) and
 * {@link #reopen()} them after.
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

    // Volatile: under Managed Instances many invocation threads read them at once; only building takes the lock.
    private static SdkAsyncHttpClient httpClient;
    private static AwsCredentialsProvider credentialsProvider;
    private static volatile RdsDataAsyncClient rdsDataClient;
    private static volatile S3AsyncClient s3Client;
    private static volatile S3Presigner s3Presigner;
    private static boolean shutdownHookRegistered;
    private static Boolean forcePathStyle;
    /** Which service clients were open at the last {@link #closeAll()}, so {@link #reopen()} rebuilds exactly those. */
    private static boolean reopenRdsData;
    private static boolean reopenS3;

    private ClientFactory() {
    }

    public static RdsDataAsyncClient rdsDataClient() {
        RdsDataAsyncClient built = rdsDataClient;
        return built != null ? built : buildRdsDataClient();
    }

    private static synchronized RdsDataAsyncClient buildRdsDataClient() {
        if (rdsDataClient == null) {
            rdsDataClient = RdsDataAsyncClient.builder()
                    .region(region())
                    .credentialsProvider(credentialsProvider())
                    .httpClient(httpClient())
                    .defaultsMode(DefaultsMode.STANDARD)
                    .overrideConfiguration(timeouts(RDS_DATA_ATTEMPT_TIMEOUT, RDS_DATA_CALL_TIMEOUT))
                    .build();
        }
        return rdsDataClient;
    }

    public static S3AsyncClient s3Client() {
        S3AsyncClient built = s3Client;
        return built != null ? built : buildS3Client();
    }

    private static synchronized S3AsyncClient buildS3Client() {
        if (s3Client == null) {
            s3Client = S3AsyncClient.builder()
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
                    .overrideConfiguration(timeouts(S3_ATTEMPT_TIMEOUT, S3_CALL_TIMEOUT))
                    .build();
        }
        return s3Client;
    }

    /** Presigning is local computation; it must address objects exactly as {@link #s3Client()} does. */
    public static S3Presigner s3Presigner() {
        S3Presigner built = s3Presigner;
        return built != null ? built : buildS3Presigner();
    }

    private static synchronized S3Presigner buildS3Presigner() {
        if (s3Presigner == null) {
            s3Presigner = S3Presigner.builder()
                    .region(region())
                    .credentialsProvider(credentialsProvider())
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(forcePathStyle())
                            // As for the client: a bucket name, not an ARN.
                            .useArnRegionEnabled(false)
                            .multiRegionEnabled(false)
                            .build())
                    .disableS3ExpressSessionAuth(true)
                    .build();
            registerShutdownHook();
        }
        return s3Presigner;
    }

    /** The S3 client if this environment has built one (the writing functions do so during init). */
    public static synchronized Optional<S3AsyncClient> s3ClientIfBuilt() {
        return Optional.ofNullable(s3Client);
    }

    /**
     * Closes every client built so far, the shared HTTP client last, and forgets them so the next call builds fresh
     * ones. Used by the shutdown hook and before a SnapStart snapshot.
     */
    public static synchronized void closeAll() {
        closeAll(false);
    }

    /**
     * Builds again the service clients that were open at the last {@link #closeAll()}: after a restore, before any
     * request. Not the presigner: priming builds it in every function (the delete function never uses it), and it
     * holds no connections, so the first image URL builds it again from classes already in the snapshot.
     */
    public static synchronized void reopen() {
        if (reopenRdsData) {
            rdsDataClient();
        }
        if (reopenS3) {
            s3Client();
        }
    }

    private static synchronized void closeAll(boolean announce) {
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
            System.err.println("Shutdown hook: closed " + closed + " AWS client(s)");
        }
    }

    private static SdkAsyncHttpClient httpClient() {
        if (httpClient == null) {
            declareCRuntime();
            httpClient = AwsCrtAsyncHttpClient.builder()
                    .maxConcurrency(maxConnections(System.getenv(MAX_CONCURRENCY_VARIABLE)))
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
     * Lambda puts the execution role's credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,
     * except under SnapStart, where those variables are absent and the runtime serves them from the endpoint in
     * AWS_CONTAINER_CREDENTIALS_FULL_URI (authorised by AWS_CONTAINER_AUTHORIZATION_TOKEN). Choosing by that variable
     * avoids walking the default chain (profile files, IMDS) while working in both modes. The container provider
     * caches and refreshes before expiry, so credentials captured in a snapshot are not used once stale.
     */
    static AwsCredentialsProvider credentialsProvider() {
        if (credentialsProvider == null) {
            String fullUri = System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            credentialsProvider = fullUri != null && !fullUri.isBlank()
                    ? ContainerCredentialsProvider.builder().build()
                    : EnvironmentVariableCredentialsProvider.create();
        }
        return credentialsProvider;
    }

    private static Region region() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("Environment variable AWS_REGION is not set");
        }
        return Region.of(region);
    }

    /** Read once: the S3 client, the presigner and every rebuild after a restore share the answer. */
    private static boolean forcePathStyle() {
        if (forcePathStyle == null) {
            forcePathStyle = BlogConfig.fromEnvironment().s3ForcePathStyle();
        }
        return forcePathStyle;
    }

    private static ClientOverrideConfiguration timeouts(Duration attempt, Duration call) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(attempt)
                .apiCallTimeout(call)
                .retryStrategy(RetryMode.STANDARD)
                .build();
    }

    private static void registerShutdownHook() {
        if (!shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(true), "blog-client-shutdown"));
            shutdownHookRegistered = true;
        }
    }
}
