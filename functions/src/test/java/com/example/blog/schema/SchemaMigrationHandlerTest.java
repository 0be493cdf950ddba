package com.example.blog.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import com.example.blog.config.BlogConfig;
import com.example.blog.testing.TestContext;
import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;

/**
 * Drives the handler with the real SDK client and a real HTTP client. Two things cannot be real here and are
 * served by a JDK HTTP server instead: CloudFormation's pre-signed response URL (it records what was PUT), and the
 * RDS Data API (functions must not depend on the local stack in infra; this endpoint answers ExecuteStatement with
 * the documented JSON shapes, including the DatabaseResumingException a paused cluster returns).
 */
class SchemaMigrationHandlerTest {

    private static final String CLUSTER_ARN = "arn:aws:rds:us-east-1:000000000000:cluster:blog-local";
    private static final String SECRET_ARN =
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:blog-local-db-AbCdEf";

    private HttpServer server;
    private final BlockingQueue<Map<String, Object>> cloudFormationAnswers = new LinkedBlockingQueue<>();
    private final List<String> answerContentTypes = new CopyOnWriteArrayList<>();
    private final List<String> executedSql = new CopyOnWriteArrayList<>();
    private final AtomicInteger resumingAnswersLeft = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean dataApiHangs;
    private volatile int failOnStatement = -1;
    private RdsDataAsyncClient rdsData;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cloudformation-response", exchange -> {
            answerContentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            assertThat(exchange.getRequestMethod()).isEqualTo("PUT");
            cloudFormationAnswers.add(JSON.std.mapFrom(exchange.getRequestBody().readAllBytes()));
            respond(exchange, 200, "", Map.of());
        });
        server.createContext("/Execute", this::dataApi);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        rdsData = RdsDataAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("blog-local", "blog-local-secret")))
                .httpClient(AwsCrtAsyncHttpClient.create())
                // Keep the SDK's own retries out of the way: the handler's retry policy is under test.
                .overrideConfiguration(config -> config.retryStrategy(builder -> builder.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        rdsData.close();
        server.stop(0);
    }

    @Test
    void handleRequest_onCreate_runsEveryStatementInOrderAndAnswersSuccess() throws Exception {
        Map<String, Object> answer = invoke("Create", null, handler(), 120_000);

        List<SchemaScript> scripts = SchemaScript.fromOwnArtifact();
        List<String> expected = scripts.stream().flatMap(script -> script.statements().stream()).toList();
        assertThat(executedSql).containsExactlyElementsOf(expected);
        assertThat(answer).containsEntry("Status", "SUCCESS")
                .containsEntry("PhysicalResourceId", "blog-schema-blog")
                .containsEntry("RequestId", "request-Create")
                .containsEntry("LogicalResourceId", "BlogSchema");
        assertThat(answer.get("Data")).isEqualTo(Map.of(
                "Scripts", String.join(",", scripts.stream().map(SchemaScript::name).toList()),
                "Statements", Integer.toString(expected.size())));
        assertThat(scripts).extracting(SchemaScript::name).startsWith("V001__create_blogs.sql");
        // The pre-signed URL is signed without a Content-Type; sending one would break the signature.
        assertThat(answerContentTypes).containsExactly("null");
    }

    @Test
    void handleRequest_onUpdate_reappliesTheScriptsAndKeepsThePhysicalId() throws Exception {
        Map<String, Object> answer = invoke("Update", "blog-schema-blog", handler(), 120_000);

        assertThat(executedSql).isNotEmpty();
        assertThat(answer).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", "blog-schema-blog");
    }

    @Test
    void handleRequest_onDelete_answersSuccessWithoutTouchingTheDatabase() throws Exception {
        // Delete must never build a Data API client: a supplier that fails proves it is not asked for one.
        SchemaMigrationHandler handler = new SchemaMigrationHandler(
                () -> fail("Delete must not use the Data API"), this::config, SchemaScript::fromOwnArtifact,
                HttpClient.newHttpClient(), Duration.ofMillis(100));

        Map<String, Object> answer = invoke("Delete", "blog-schema-blog", handler, 120_000);

        assertThat(answer).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", "blog-schema-blog");
        assertThat(executedSql).isEmpty();
    }

    @Test
    void handleRequest_whenDatabaseIsResuming_retriesUntilItAnswers() throws Exception {
        resumingAnswersLeft.set(2);

        Map<String, Object> answer = invoke("Create", null, handler(), 120_000);

        assertThat(answer).containsEntry("Status", "SUCCESS");
        assertThat(resumingAnswersLeft).hasValue(0);
    }

    @Test
    void handleRequest_whenAStatementFails_answersFailedNamingTheFileAndStatement() throws Exception {
        failOnStatement = 2;

        Map<String, Object> answer = invoke("Create", null, handler(), 120_000);

        assertThat(answer).containsEntry("Status", "FAILED");
        assertThat((String) answer.get("Reason"))
                .startsWith("V001__create_blogs.sql statement 2: DatabaseErrorException")
                .contains("relation \"blogs\" does not exist");
    }

    @Test
    void handleRequest_whenTheDataApiIsUnreachable_answersFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RdsDataAsyncClient unreachable = RdsDataAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(AwsCrtAsyncHttpClient.create())
                .build();
        try {
            SchemaMigrationHandler handler = new SchemaMigrationHandler(() -> unreachable, this::config,
                    SchemaScript::fromOwnArtifact, HttpClient.newHttpClient(), Duration.ofMillis(100));

            Map<String, Object> answer = invoke("Create", null, handler, 120_000);

            assertThat(answer).containsEntry("Status", "FAILED");
            assertThat((String) answer.get("Reason")).startsWith("V001__create_blogs.sql statement 1: ");
        } finally {
            unreachable.close();
        }
    }

    @Test
    void handleRequest_onCreate_whenTheConfigurationIsInvalid_stillAnswersFailed() throws Exception {
        // Without an answer CloudFormation waits for the custom resource to time out (an hour) before rolling back.
        SchemaMigrationHandler handler = new SchemaMigrationHandler(() -> rdsData, () -> {
            throw new IllegalStateException("BLOG_IMAGE_MAX_BYTES is not a number");
        }, SchemaScript::fromOwnArtifact, HttpClient.newHttpClient(), Duration.ofMillis(100));

        Map<String, Object> answer = invoke("Create", null, handler, 120_000);

        assertThat(answer).containsEntry("Status", "FAILED");
        assertThat((String) answer.get("Reason")).contains("BLOG_IMAGE_MAX_BYTES is not a number");
        assertThat((String) answer.get("PhysicalResourceId")).isNotBlank();
    }

    @Test
    void handleRequest_whenAFailureHasNoMessage_namesItsTypeInTheReason() throws Exception {
        SchemaMigrationHandler handler = new SchemaMigrationHandler(() -> rdsData, () -> {
            throw new IllegalStateException();
        }, SchemaScript::fromOwnArtifact, HttpClient.newHttpClient(), Duration.ofMillis(100));

        Map<String, Object> answer = invoke("Create", null, handler, 120_000);

        assertThat(answer).containsEntry("Status", "FAILED");
        assertThat((String) answer.get("Reason")).isEqualTo("IllegalStateException");
    }

    @Test
    void handleRequest_whenTheDataApiNeverAnswers_stillAnswersFailedBeforeTheDeadline() throws Exception {
        dataApiHangs = true;

        // 1.5 s left, 1 s kept back for the answer: the migration gets half a second.
        Map<String, Object> answer = invoke("Create", null, new SchemaMigrationHandler(() -> rdsData, this::config,
                SchemaScript::fromOwnArtifact, HttpClient.newHttpClient(), Duration.ofMillis(1_000)), 1_500);

        assertThat(answer).containsEntry("Status", "FAILED");
        assertThat((String) answer.get("Reason")).startsWith("Schema migration did not finish before the function's "
                + "deadline; see log stream 2025/11/26/[$LATEST]0123456789abcdef");
    }

    @Test
    void backoffMillis_growsWithTheAttemptButStaysWithinTheCap() {
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(SchemaMigrationHandler.backoffMillis(attempt)).isBetween(250L, 5_000L);
        }
        assertThat(SchemaMigrationHandler.backoffMillis(0)).isLessThanOrEqualTo(500L);
        // Later attempts may wait longer than the first ever can (all 200 draws at 500 ms or less: about 1e-256).
        long longestAtAttempt4 = LongStream.range(0, 200).map(i -> SchemaMigrationHandler.backoffMillis(4)).max()
                .orElseThrow();
        assertThat(longestAtAttempt4).isGreaterThan(500L);
    }

    private SchemaMigrationHandler handler() {
        return new SchemaMigrationHandler(() -> rdsData, this::config, SchemaScript::fromOwnArtifact,
                HttpClient.newHttpClient(), Duration.ofMillis(100));
    }

    private BlogConfig config() {
        return BlogConfig.fromMap(Map.of("BLOG_CLUSTER_ARN", CLUSTER_ARN, "BLOG_SECRET_ARN", SECRET_ARN,
                "BLOG_DATABASE", "blog", "BLOG_BUCKET", "blog-images"));
    }

    private Map<String, Object> invoke(String requestType, String physicalId, SchemaMigrationHandler handler,
            int remainingMillis) throws Exception {
        String event = JSON.std.asString(new LinkedHashMap<>(Map.of(
                "RequestType", requestType,
                "ResponseURL", "http://127.0.0.1:" + server.getAddress().getPort() + "/cloudformation-response?s=1",
                "StackId", "arn:aws:cloudformation:us-east-1:000000000000:stack/blog/guid",
                "RequestId", "request-" + requestType,
                "LogicalResourceId", "BlogSchema",
                "ResourceType", "Custom::BlogSchema",
                "ResourceProperties", Map.of("Database", "blog", "CodeVersion", "1"))));
        if (physicalId != null) {
            Map<String, Object> withId = JSON.std.mapFrom(event);
            withId.put("PhysicalResourceId", physicalId);
            event = JSON.std.asString(withId);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new TestContext(remainingMillis));
        Map<String, Object> answer = cloudFormationAnswers.poll();
        assertThat(answer).as("the handler PUT an answer to the ResponseURL").isNotNull();
        assertThat(JSON.std.mapFrom(output.toString(StandardCharsets.UTF_8))).isEqualTo(answer);
        return answer;
    }

    private void dataApi(HttpExchange exchange) throws IOException {
        Map<String, Object> request = JSON.std.mapFrom(exchange.getRequestBody().readAllBytes());
        assertThat(request).containsEntry("resourceArn", CLUSTER_ARN).containsEntry("secretArn", SECRET_ARN)
                .containsEntry("database", "blog");
        if (dataApiHangs) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (resumingAnswersLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, 400, "{\"message\":\"The database is resuming after being auto-paused.\"}",
                    Map.of("x-amzn-ErrorType", "DatabaseResumingException"));
            return;
        }
        if (executedSql.size() + 1 == failOnStatement) {
            respond(exchange, 400, "{\"message\":\"ERROR: relation \\\"blogs\\\" does not exist; SQLState: 42P01\"}",
                    Map.of("x-amzn-ErrorType", "DatabaseErrorException"));
            return;
        }
        executedSql.add((String) request.get("sql"));
        respond(exchange, 200, "{\"numberOfRecordsUpdated\":0,\"generatedFields\":[]}", Map.of());
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
