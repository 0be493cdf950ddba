package com.example.blog.local.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.blog.local.auth.JwtAuthorizer;
import com.example.blog.local.auth.LocalJwtIssuer;
import com.example.blog.local.auth.LocalSignIn;
import com.example.blog.local.dataapi.DataApiServer;
import com.example.blog.local.dataapi.DataApiSettings;
import com.example.blog.local.db.EmbeddedDatabase;
import com.example.blog.local.gateway.HttpApiGateway;
import com.example.blog.local.gateway.PayloadV2;
import com.example.blog.local.gateway.RouteTable;
import com.example.blog.local.gateway.SiteContent;
import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.runtime.RuntimeJars;
import com.example.blog.local.runtime.RuntimeSettings;
import com.example.blog.local.runtime.TaskRoot;
import com.example.blog.local.s3.LocalS3;
import com.example.blog.local.template.FunctionDefinition;
import com.example.blog.local.template.HttpRoute;
import com.example.blog.local.template.LocalValues;
import com.example.blog.local.template.ServerlessTemplate;
import com.example.blog.local.web.LocalSite;

/**
 * The whole local stack, embeddable: PostgreSQL with the schema and sample rows, the RDS Data API over it, S3 with
 * the image bucket, the functions of the template each in their own processes, and (unless disabled) the HTTP API
 * in front of them. {@link #close()} stops it all in reverse order, functions through SIGTERM. S3, and the Data API
 * with its database, can be external services instead (e.g. LocalStack's, see {@link LocalStackOptions}): the
 * functions then talk to those, everything else stays local.
 */
public final class LocalStack implements AutoCloseable {

    public static final String REGION = DataApiSettings.DEFAULT_REGION;
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY_ID = DataApiSettings.DEFAULT_ACCESS_KEY_ID;
    public static final String SECRET_ACCESS_KEY = DataApiSettings.DEFAULT_SECRET_ACCESS_KEY;
    public static final String BUCKET = "blog-images";
    /** The local API's id, in {@code requestContext.apiId}. */
    public static final String API_ID = "bloglocal1";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LocalStackOptions options;
    private EmbeddedDatabase database;
    private DataApiServer dataApi;
    private LocalS3 s3;
    private LocalJwtIssuer issuer;
    private ServerlessTemplate template;
    private LocalLambda lambda;
    private HttpApiGateway gateway;
    private List<String> schemaScripts;
    private URI dataApiEndpoint;
    private String clusterArn;
    private String secretArn;
    private String databaseName;
    private URI s3Endpoint;
    private String bucket;
    private Path taskRoot;
    private Path runtimeLibrary;

    private LocalStack() {
    }

    /** Starts every part; on failure, stops what had started and rethrows. */
    public static LocalStack start(LocalStackOptions options) throws IOException {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(options);
            return stack;
        } catch (IOException | RuntimeException | SQLException e) {
            stack.close();
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("cannot prepare the database: " + e.getMessage(), e);
        }
    }

    private void startAll(LocalStackOptions options) throws IOException, SQLException {
        this.options = options;
        Path data = options.dataDirectory();
        started.push(DataDirectoryLock.acquire(data));
        checkStartable(options);
        LocalStackOptions.ExternalS3 externalS3 = options.externalS3();
        LocalStackOptions.ExternalDataApi externalDataApi = options.externalDataApi();
        bucket = externalS3 != null ? externalS3.bucket() : BUCKET;
        options.progress().accept("Reading " + options.template());
        template = ServerlessTemplate.load(options.template(), new LocalValues(REGION, ACCOUNT_ID, "blog-local",
                bucket,
                externalDataApi != null ? externalDataApi.clusterArn() : DataApiSettings.DEFAULT_CLUSTER_ARN,
                externalDataApi != null ? externalDataApi.secretArn() : DataApiSettings.DEFAULT_SECRET_ARN,
                options.parameterOverrides()));
        Path artifact = artifact(options, template);
        options.progress().accept("Unpacking " + artifact);
        taskRoot = TaskRoot.prepare(artifact, data.resolve("task"));
        runtimeLibrary = RuntimeJars.install(data.resolve("runtime").resolve("lib"));

        if (externalDataApi != null) {
            dataApiEndpoint = externalDataApi.endpoint();
            clusterArn = externalDataApi.clusterArn();
            secretArn = externalDataApi.secretArn();
            databaseName = externalDataApi.database();
            schemaScripts = List.of();
        } else {
            startDatabaseAndDataApi(options, data, taskRoot);
        }

        if (externalS3 != null) {
            s3Endpoint = externalS3.endpoint();
        } else {
            options.progress().accept("Starting S3 (objects in " + data.resolve("s3") + ")");
            s3 = LocalS3.start(data.resolve("s3"), options.s3Port(), ACCESS_KEY_ID, SECRET_ACCESS_KEY, BUCKET);
            started.push(s3);
            s3Endpoint = s3.endpoint();
        }

        issuer = LocalJwtIssuer.open(data.resolve("jwt"));

        RuntimeSettings settings = new RuntimeSettings(taskRoot, runtimeLibrary, options.functionJdk().javaExecutable(), REGION,
                ACCOUNT_ID, serviceEnvironment(dataApiEndpoint, s3Endpoint), options.maxInstancesPerFunction(),
                options.maxConcurrency(), options.shutdownGrace(), options.functionConsole());
        lambda = new LocalLambda(settings, template.functions().stream()
                .map(LocalStack::functionSpec)
                .toList());
        started.push(lambda);

        if (options.gateway()) {
            options.progress().accept("Starting the HTTP API");
            gateway = HttpApiGateway.start("127.0.0.1", options.apiPort(), new RouteTable(template.routes()),
                    new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE), lambda,
                    new PayloadV2.ApiIdentity(ACCOUNT_ID, API_ID), HttpApiGateway.INTEGRATION_TIMEOUT,
                    HttpApiGateway.Limits.DEFAULT, template.cors(), site(options));
            started.push(gateway);
        }
    }

    /**
     * The web page of the repository's {@code web/} folder with the local sign-in, served at the API's own origin;
     * none when the folder is missing (a stack run from a bare template).
     */
    private Optional<SiteContent> site(LocalStackOptions options) {
        Path web = options.rootDirectory().resolve("web");
        if (!Files.isRegularFile(web.resolve("index.html"))) {
            return Optional.empty();
        }
        return Optional.of(new LocalSite(web, new LocalSignIn(issuer, Clock.systemUTC())));
    }

    /** Whether the HTTP API also serves the web page at {@code /}. */
    public boolean servesWebPage() {
        return gateway != null && Files.isRegularFile(options.rootDirectory().resolve("web/index.html"));
    }

    /**
     * What would otherwise fail late, after PostgreSQL has started, or with an error that does not say what to do: a
     * missing template, a port already taken.
     */
    private static void checkStartable(LocalStackOptions options) {
        if (!Files.isRegularFile(options.template())) {
            throw new IllegalArgumentException("no template at " + options.template() + ": run this from the"
                    + " repository root (where template.yaml is) or pass --template FILE");
        }
        if (options.gateway()) {
            checkPortFree(options.apiPort(), "--port");
        }
        if (options.externalDataApi() == null) {
            checkPortFree(options.dataApiPort(), "--data-api-port");
        }
        if (options.externalS3() == null) {
            checkPortFree(options.s3Port(), "--s3-port");
        }
    }

    private static void checkPortFree(int port, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use (another start-api?): stop what"
                    + " listens there, or pass " + option + " with another port (0 picks a free one)");
        }
    }

    /** A template function as the local runtime launches it: named by its logical id. */
    public static FunctionSpec functionSpec(FunctionDefinition function) {
        return new FunctionSpec(function.logicalId(), function.handler(), function.memorySizeMb(),
                function.timeoutSeconds(), function.environment());
    }

    /**
     * What the local stack gives every function on top of its own variables, as the Lambda service would: the local
     * credentials and the endpoints of the Data API and S3 they should call.
     */
    public static Map<String, String> serviceEnvironment(URI dataApiEndpoint, URI s3Endpoint) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        environment.put("AWS_ENDPOINT_URL_RDS_DATA", dataApiEndpoint.toString());
        environment.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
        // A local endpoint has no wildcard DNS for virtual-hosted bucket names.
        environment.put("BLOG_S3_FORCE_PATH_STYLE", "true");
        return environment;
    }

    private void startDatabaseAndDataApi(LocalStackOptions options, Path data, Path taskRoot)
            throws IOException, SQLException {
        boolean durable = options.databaseDurability() == EmbeddedDatabase.Durability.DURABLE;
        options.progress().accept("Starting PostgreSQL (data in " + data.resolve("postgres") + ", "
                + (durable ? "durable: every acknowledged write is on disk"
                        : "FAST: fsync and synchronous_commit off, a crash can lose acknowledged writes") + ")");
        database = EmbeddedDatabase.start(data.resolve("postgres"), options.databasePort(),
                options.databaseDurability());
        started.push(database);
        options.progress().accept("Applying the schema");
        schemaScripts = Schema.apply(database.dataSource(), taskRoot);
        if (schemaScripts.isEmpty()) {
            LOG.warn("the deployment artifact holds no db/schema/V*.sql: no schema applied, no sample rows");
        }

        String configuredDatabase = template.functions().get(0).environment()
                .getOrDefault("BLOG_DATABASE", DataApiSettings.DEFAULT_DATABASE);
        options.progress().accept("Starting the RDS Data API");
        dataApi = DataApiServer.start(DataApiSettings.builder(database.dataSource())
                .port(options.dataApiPort()).database(configuredDatabase).build());
        started.push(dataApi);
        dataApiEndpoint = dataApi.endpoint();
        clusterArn = dataApi.clusterArn();
        secretArn = dataApi.secretArn();
        databaseName = dataApi.database();
    }

    private static Path artifact(LocalStackOptions options, ServerlessTemplate template) {
        if (options.artifact() != null) {
            return options.artifact();
        }
        FunctionDefinition first = template.functions().get(0);
        String codeUri = first.codeUri() != null ? first.codeUri() : "functions/target/blog-functions.zip";
        for (FunctionDefinition function : template.functions()) {
            if (function.codeUri() != null && !function.codeUri().equals(codeUri)) {
                throw new IllegalArgumentException("the local stack runs one deployment artifact, but "
                        + function.logicalId() + " has CodeUri " + function.codeUri() + " and "
                        + first.logicalId() + " has " + codeUri);
            }
        }
        Path templateDirectory = options.template().toAbsolutePath().getParent();
        return templateDirectory.resolve(codeUri);
    }

    /** The HTTP API's base URL; null when the stack runs without a gateway. */
    public URI apiUrl() {
        return gateway == null ? null : gateway.url();
    }

    public URI dataApiEndpoint() {
        return dataApiEndpoint;
    }

    public String clusterArn() {
        return clusterArn;
    }

    public String secretArn() {
        return secretArn;
    }

    public String database() {
        return databaseName;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public String bucket() {
        return bucket;
    }

    /** The unpacked deployment artifact the functions run from. */
    public Path taskRoot() {
        return taskRoot;
    }

    /** The runtime interface client's jars (Lambda's {@code /var/runtime/lib}). */
    public Path runtimeLibrary() {
        return runtimeLibrary;
    }

    public String region() {
        return REGION;
    }

    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }

    /** The embedded PostgreSQL (its process id, restarts); null with an external Data API. */
    public EmbeddedDatabase embeddedDatabase() {
        return database;
    }

    /** Direct access to the database, e.g. for test fixtures; null with an external Data API. */
    public DataSource dataSource() {
        return database == null ? null : database.dataSource();
    }

    /** A token the HTTP API's authorizer accepts, valid for an hour. */
    public String tokenFor(String user) {
        return tokenFor(user, Duration.ofHours(1));
    }

    public String tokenFor(String user, Duration ttl) {
        return issuer.token(user, ttl);
    }

    public ServerlessTemplate template() {
        return template;
    }

    public List<HttpRoute> routes() {
        return template.routes();
    }

    public List<String> schemaScripts() {
        return schemaScripts;
    }

    public LocalStackOptions options() {
        return options;
    }

    /** Invokes a function directly (as the Lambda Invoke API), bypassing the HTTP API. */
    public CompletableFuture<InvocationResult> invoke(String functionLogicalId, byte[] event) {
        return lambda.invoke(functionLogicalId, event);
    }

    /**
     * Stops the gateway (no new requests), then the functions (SIGTERM, waiting up to the grace period for their
     * shutdown hooks), then S3, the Data API and the database.
     */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
