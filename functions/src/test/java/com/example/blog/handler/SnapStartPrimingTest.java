package com.example.blog.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Resource;
import org.crac.RestoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.blog.config.BlogConfig;
import com.example.blog.config.ClientFactory;
import com.example.blog.repository.RdsDataBlogRepository;
import com.example.blog.service.ImageUploads;
import com.example.blog.storage.S3ImageStore;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The SnapStart hooks, driven directly: no JVM here can take a checkpoint, so a small recording {@link Context}
 * stands in for the runtime's global context. Everything behind the hooks is real: the SDK clients on the CRT,
 * talking over HTTP to a server started by the test that records every request.
 */
class SnapStartPrimingTest {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("blog-local", "blog-local-secret"));
    private static final BlogConfig CONFIG = BlogConfig.fromMap(Map.of(
            "BLOG_CLUSTER_ARN", "arn:aws:rds:us-east-1:000000000000:cluster:blog-local",
            "BLOG_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:blog-local-db-AbCdEf",
            "BLOG_BUCKET", "blog-images"));

    /** What the Data API and S3 endpoints were asked, in order: "METHOD path body". */
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /** Everything priming did to the clients and logged, in order. */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> open = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** The Data API finds no rows; S3 has no such object; anything else is an error the test would see. */
    private URI startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path + " " + body);
        if (method.equals("POST") && path.equals("/Execute")) {
            byte[] answer = "{\"records\":[],\"numberOfRecordsUpdated\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } else if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            exchange.sendResponseHeaders(400, -1);
        }
        exchange.close();
    }

    private static URI unreachableEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    /** Clients built like {@link ClientFactory}'s, but pointed at the test's endpoint. */
    private final class TestClients implements SnapStartPriming.Clients {
        final SdkAsyncHttpClient http;
        final RdsDataAsyncClient rdsData;
        final S3AsyncClient s3;
        final S3Presigner presigner;
        final boolean writer;

        TestClients(URI endpoint, boolean writer) {
            this(endpoint, writer, CREDENTIALS);
        }

        TestClients(URI endpoint, boolean writer, AwsCredentialsProvider credentials) {
            this.writer = writer;
            http = AwsCrtAsyncHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build();
            rdsData = RdsDataAsyncClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                    .endpointOverride(endpoint).httpClient(http).build();
            s3 = S3AsyncClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                    .endpointOverride(endpoint).forcePathStyle(true).httpClient(http).build();
            presigner = S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                    .endpointOverride(endpoint)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .build();
            open.addAll(List.of(presigner, s3, rdsData, http));
        }

        @Override
        public Optional<S3AsyncClient> s3ClientIfBuilt() {
            return writer ? Optional.of(s3) : Optional.empty();
        }

        @Override
        public S3Presigner presigner() {
            events.add("presigner");
            return presigner;
        }

        @Override
        public void closeAll() {
            events.add("closeAll after " + requests.size() + " request(s)");
        }

        @Override
        public void reopen() {
            events.add("reopen");
        }
    }

    /** The part of a CRaC context the hooks see: resources registered, then called in order. */
    private static final class RecordingContext extends Context<Resource> {
        final List<Resource> resources = new ArrayList<>();

        @Override
        public void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            for (Resource resource : resources) {
                try {
                    resource.beforeCheckpoint(this);
                } catch (Exception e) {
                    CheckpointException failure = new CheckpointException();
                    failure.addSuppressed(e);
                    throw failure;
                }
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws RestoreException {
            for (Resource resource : resources) {
                try {
                    resource.afterRestore(this);
                } catch (Exception e) {
                    RestoreException failure = new RestoreException();
                    failure.addSuppressed(e);
                    throw failure;
                }
            }
        }
    }

    private SnapStartPriming register(RecordingContext context, TestClients clients) {
        return SnapStartPriming.register(context, new SnapStartPriming.Posts(
                        new RdsDataBlogRepository(() -> clients.rdsData, CONFIG),
                        new S3ImageStore(() -> clients.s3, clients::presigner, CONFIG), CONFIG),
                clients, message -> events.add("log " + message));
    }

    private SnapStartPriming registerUploads(RecordingContext context, TestClients clients) {
        return SnapStartPriming.register(context, new SnapStartPriming.UploadForms(
                        new ImageUploads(new S3ImageStore(() -> clients.s3, clients::presigner, CONFIG), 20L << 20,
                                Duration.ofMinutes(10))),
                clients, message -> events.add("log " + message));
    }

    /** The role's credentials as the upload function resolves them, each resolution recorded. */
    private AwsCredentialsProvider recordedCredentials(boolean available) {
        return () -> {
            events.add("credentials");
            if (!available) {
                throw SdkClientException.create("no credentials endpoint");
            }
            return CREDENTIALS.resolveCredentials();
        };
    }

    @Test
    void register_addsTheHooksToTheContext() throws IOException {
        RecordingContext context = new RecordingContext();

        SnapStartPriming priming = register(context, new TestClients(unreachableEndpoint(), true));

        assertThat(context.resources).containsExactly(priming);
        assertThat(requests).isEmpty();
    }

    @Test
    void beforeCheckpoint_ofAWritingFunction_sendsOnlyReadsThenClosesTheClients() throws Exception {
        RecordingContext context = new RecordingContext();
        register(context, new TestClients(startServer(), true));

        context.beforeCheckpoint(null);

        assertThat(requests).hasSize(3);
        assertThat(requests.subList(0, 2)).allSatisfy(request -> assertThat(request)
                .startsWith("POST /Execute ")
                .contains("\"sql\":\"SELECT ")
                .doesNotContainIgnoringCase("insert")
                .doesNotContainIgnoringCase("update ")
                .doesNotContainIgnoringCase("delete"));
        assertThat(requests.get(0)).contains(SnapStartPriming.NO_SUCH_POST.toString());
        assertThat(requests.get(2)).isEqualTo("HEAD /blog-images/" + SnapStartPriming.NO_SUCH_IMAGE + " ");
        // The 404 of the HEAD is expected and logged; the Data API answered, so nothing else is.
        assertThat(events.stream().filter(e -> e.startsWith("log ")))
                .singleElement().asString().contains("S3 read");
        assertThat(events).last().isEqualTo("closeAll after 3 request(s)");
    }

    @Test
    void beforeCheckpoint_ofAReadingFunction_leavesS3Alone() throws Exception {
        RecordingContext context = new RecordingContext();
        register(context, new TestClients(startServer(), false));

        context.beforeCheckpoint(null);

        assertThat(requests).hasSize(2).allSatisfy(request -> assertThat(request).startsWith("POST /Execute "));
        // Image URLs are still presigned (no I/O): read functions render them for every post with an image.
        assertThat(events).contains("presigner").last().isEqualTo("closeAll after 2 request(s)");
    }

    @Test
    void beforeCheckpoint_whenNothingAnswers_swallowsTheFailuresAndStillClosesTheClients() throws Exception {
        RecordingContext context = new RecordingContext();
        register(context, new TestClients(unreachableEndpoint(), true));

        assertThatCode(() -> context.beforeCheckpoint(null)).doesNotThrowAnyException();

        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("log SnapStart priming: Data API read"))
                .anySatisfy(e -> assertThat(e).startsWith("log SnapStart priming: S3 read"))
                .last().isEqualTo("closeAll after 0 request(s)");
    }

    @Test
    void beforeCheckpoint_ofTheUploadFunction_signsAFormWithTheRoleCredentialsSendingNothingThenClosesTheClients()
            throws Exception {
        RecordingContext context = new RecordingContext();
        registerUploads(context, new TestClients(startServer(), true, recordedCredentials(true)));

        context.beforeCheckpoint(null);

        // Neither the database nor the bucket is called: the form is signed locally and never posted.
        assertThat(requests).isEmpty();
        assertThat(events).containsExactly("credentials", "closeAll after 0 request(s)");
    }

    @Test
    void beforeCheckpoint_ofTheUploadFunction_whenNoCredentialsCome_logsItAndStillClosesTheClients()
            throws Exception {
        RecordingContext context = new RecordingContext();
        registerUploads(context, new TestClients(startServer(), true, recordedCredentials(false)));

        assertThatCode(() -> context.beforeCheckpoint(null)).doesNotThrowAnyException();

        assertThat(requests).isEmpty();
        assertThat(events).hasSize(3).startsWith("credentials").last().isEqualTo("closeAll after 0 request(s)");
        assertThat(events.get(1)).startsWith("log SnapStart priming: upload form ended with ")
                .contains("no credentials endpoint");
    }

    @Test
    void afterRestore_reopensTheClients() throws Exception {
        RecordingContext context = new RecordingContext();
        register(context, new TestClients(unreachableEndpoint(), true));

        context.afterRestore(null);

        assertThat(events).containsExactly("reopen");
        assertThat(requests).isEmpty();
    }
}
