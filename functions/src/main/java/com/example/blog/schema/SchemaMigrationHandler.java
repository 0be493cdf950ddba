package com.example.blog.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.example.blog.config.BlogConfig;
import com.example.blog.config.ClientFactory;
import com.example.blog.schema.CustomResourceResponse.Status;
import com.example.blog.async.Completions;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;

/**
 * CloudFormation custom resource that applies {@code db/schema/V*.sql} through the RDS Data API on Create and
 * Update. The scripts are idempotent, so every Update simply runs them all again; Delete leaves the schema (and the
 * posts) with the database and succeeds.
 *
 * <p>CloudFormation waits for an answer at the pre-signed ResponseURL, so this handler answers on every path: a
 * failure becomes FAILED with its reason, and a migration still running shortly before the function's own timeout
 * is reported as FAILED while there is still time to send it. A paused Aurora Serverless v2 cluster answers
 * {@code DatabaseResumingException} while it wakes up; those calls are retried with jittered backoff until the same
 * deadline.
 */
public final class SchemaMigrationHandler implements RequestStreamHandler {

    /** Time kept back from the function's deadline to deliver the answer: room for every attempt of the PUT. */
    static final Duration DEFAULT_RESPONSE_MARGIN = Duration.ofSeconds(20);
    private static final Duration RESPONSE_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final int RESPONSE_ATTEMPTS = 3;
    private static final long BACKOFF_BASE_MILLIS = 500;
    private static final long BACKOFF_CAP_MILLIS = 5_000;

    private final Supplier<RdsDataAsyncClient> rdsData;
    private final Supplier<BlogConfig> config;
    private final Supplier<List<SchemaScript>> scripts;
    private final HttpClient http;
    private final Duration responseMargin;

    public SchemaMigrationHandler() {
        // Its own function: this handler is the only one its execution environment constructs.
        this(new ClientFactory(System.getenv())::rdsDataClient, BlogConfig::fromEnvironment,
                SchemaScript::fromOwnArtifact,
                HttpClient.newBuilder().connectTimeout(RESPONSE_ATTEMPT_TIMEOUT).build(), DEFAULT_RESPONSE_MARGIN);
    }

    SchemaMigrationHandler(Supplier<RdsDataAsyncClient> rdsData, Supplier<BlogConfig> config,
            Supplier<List<SchemaScript>> scripts, HttpClient http, Duration responseMargin) {
        this.rdsData = rdsData;
        this.config = config;
        this.scripts = scripts;
        this.http = http;
        this.responseMargin = responseMargin;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        CustomResourceEvent event = CustomResourceEvent.parse(input);
        long budgetMillis = Math.max(0, context.getRemainingTimeInMillis() - responseMargin.toMillis());
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        String physicalId = event.physicalResourceId() != null ? event.physicalResourceId() : newPhysicalId(event);
        log(context, LogLevel.INFO, event.requestType() + " " + event.logicalResourceId() + " (" + physicalId + ")");

        CustomResourceResponse response = respondTo(event, physicalId, deadlineNanos, context)
                .exceptionally(error -> failed(event, physicalId, Completions.unwrap(error), context))
                .completeOnTimeout(CustomResourceResponse.to(event, Status.FAILED,
                        "Schema migration did not finish before the function's deadline; see log stream "
                                + context.getLogStreamName(), physicalId, Map.of()),
                        budgetMillis, TimeUnit.MILLISECONDS)
                .thenCompose(answer -> send(event.responseUrl(), answer, 1, context).thenApply(sent -> answer))
                .join();
        log(context, response.status() == Status.SUCCESS ? LogLevel.INFO : LogLevel.ERROR,
                "Answered " + response.status() + (response.reason() == null ? "" : ": " + response.reason()));
        output.write(response.toJson().getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<CustomResourceResponse> respondTo(CustomResourceEvent event, String physicalId,
            long deadlineNanos, Context context) {
        String type = event.requestType() == null ? "" : event.requestType();
        return switch (type) {
            case "Delete" -> CompletableFuture.completedFuture(CustomResourceResponse.to(event, Status.SUCCESS,
                    "The schema stays with the database", physicalId, Map.of()));
            case "Create", "Update" -> CompletableFuture.supplyAsync(scripts)
                    .thenCompose(found -> migrate(found, deadlineNanos, context))
                    .thenApply(data -> CustomResourceResponse.to(event, Status.SUCCESS, null, physicalId, data));
            default -> CompletableFuture.completedFuture(CustomResourceResponse.to(event, Status.FAILED,
                    "Unknown RequestType " + type, physicalId, Map.of()));
        };
    }

    private CompletableFuture<Map<String, String>> migrate(List<SchemaScript> found, long deadlineNanos,
            Context context) {
        BlogConfig settings = config.get();
        if (settings.clusterArn() == null || settings.secretArn() == null) {
            throw new IllegalStateException("BLOG_CLUSTER_ARN and BLOG_SECRET_ARN must be set");
        }
        RdsDataAsyncClient client = rdsData.get();
        // Statements run strictly in order: later ones depend on what earlier ones created.
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(0);
        for (SchemaScript script : found) {
            List<String> statements = script.statements();
            for (int i = 0; i < statements.size(); i++) {
                String where = script.name() + " statement " + (i + 1);
                ExecuteStatementRequest request = ExecuteStatementRequest.builder()
                        .resourceArn(settings.clusterArn())
                        .secretArn(settings.secretArn())
                        .database(settings.database())
                        .sql(statements.get(i))
                        .build();
                chain = chain.thenCompose(done -> execute(client, request, where, 0, deadlineNanos, context)
                        .thenApply(ignored -> done + 1));
            }
        }
        return chain.thenApply(count -> {
            String names = found.stream().map(SchemaScript::name).collect(Collectors.joining(","));
            log(context, LogLevel.INFO, "Applied " + count + " statements from " + names);
            return Map.of("Scripts", names, "Statements", Integer.toString(count));
        });
    }

    private CompletableFuture<Void> execute(RdsDataAsyncClient client, ExecuteStatementRequest request,
            String where, int attempt, long deadlineNanos, Context context) {
        return client.executeStatement(request)
                .<CompletableFuture<Void>>handle((response, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    Throwable cause = Completions.unwrap(error);
                    long delayMillis = backoffMillis(attempt);
                    boolean inTime = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) < deadlineNanos;
                    if (cause instanceof DatabaseResumingException && inTime) {
                        log(context, LogLevel.INFO, "Database is resuming; retrying " + where + " in "
                                + delayMillis + " ms");
                        return CompletableFuture.supplyAsync(() -> null,
                                        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
                                .thenCompose(ignored -> execute(client, request, where, attempt + 1, deadlineNanos,
                                        context));
                    }
                    return CompletableFuture.failedFuture(new MigrationException(where, cause));
                })
                .thenCompose(Function.identity());
    }

    /** Exponential backoff with full jitter, so retries from a resuming cluster do not arrive in lockstep. */
    static long backoffMillis(int attempt) {
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt, 10));
        return ThreadLocalRandom.current().nextLong(BACKOFF_BASE_MILLIS / 2, ceiling + 1);
    }

    /**
     * PUTs the answer to the pre-signed S3 URL. No Content-Type is sent: the URL is signed without one. Transient
     * failures are retried a few times, since CloudFormation would otherwise wait for the resource's ServiceTimeout.
     */
    private CompletableFuture<Void> send(URI url, CustomResourceResponse answer, int attempt, Context context) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(RESPONSE_ATTEMPT_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofString(answer.toJson(), StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .<CompletableFuture<Void>>handle((response, error) -> {
                    boolean ok = error == null && response.statusCode() / 100 == 2;
                    if (ok) {
                        return CompletableFuture.completedFuture(null);
                    }
                    String problem = error != null ? Completions.unwrap(error).toString()
                            : "HTTP " + response.statusCode() + " " + response.body();
                    if (attempt < RESPONSE_ATTEMPTS) {
                        log(context, LogLevel.WARN, "Sending the response failed (" + problem + "); retrying");
                        return send(url, answer, attempt + 1, context);
                    }
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("CloudFormation did not accept the response: " + problem));
                })
                .thenCompose(Function.identity());
    }

    private CustomResourceResponse failed(CustomResourceEvent event, String physicalId, Throwable error,
            Context context) {
        log(context, LogLevel.ERROR, "Schema migration failed: " + error);
        String reason = error instanceof MigrationException ? error.getMessage() : MigrationException.describe(error);
        return CustomResourceResponse.to(event, Status.FAILED, reason, physicalId, Map.of());
    }

    /**
     * A stable id for the life of the resource; Update and Delete requests carry it back. A configuration that cannot
     * be read still needs an id to answer with: the migration then fails with its reason, instead of CloudFormation
     * waiting an hour for an answer that never comes.
     */
    private String newPhysicalId(CustomResourceEvent event) {
        try {
            return "blog-schema-" + config.get().database();
        } catch (RuntimeException e) {
            return "blog-schema-" + event.logicalResourceId();
        }
    }

    private static void log(Context context, LogLevel level, String message) {
        context.getLogger().log(message, level);
    }

    /** Names the file and statement that failed, so the stack event says where to look. */
    static final class MigrationException extends RuntimeException {
        MigrationException(String where, Throwable cause) {
            super(where + ": " + describe(cause), cause);
        }

        private static String describe(Throwable cause) {
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }
}
