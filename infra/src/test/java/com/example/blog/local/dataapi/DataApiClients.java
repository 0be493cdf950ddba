package com.example.blog.local.dataapi;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.BeginTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

import com.example.blog.local.db.SharedEmbeddedDatabase;

/** Builds real SDK clients against a local server, and small helpers the tests share. */
final class DataApiClients {

    /**
     * One Netty HTTP client for every SDK client of the test JVM: a client the SDK does not own is not closed
     * with it, which spares each test the seconds Netty takes to shut an event loop down gracefully.
     */
    private static final SdkAsyncHttpClient HTTP = NettyNioAsyncHttpClient.builder().maxConcurrency(200).build();

    private DataApiClients() {
    }

    /** Settings over the shared embedded database, starting from the local stack's values and AWS's limits. */
    static DataApiSettings.Builder settings() {
        return DataApiSettings.builder(SharedEmbeddedDatabase.get().dataSource());
    }

    /** A server with the default settings over the shared embedded database; the caller closes it. */
    static DataApiServer startServer() {
        return DataApiServer.start(settings().build());
    }

    /** An async client as an application would build it, with retries off so each test sees every error. */
    static RdsDataAsyncClient client(DataApiServer server) {
        return client(server, DataApiSettings.DEFAULT_ACCESS_KEY_ID);
    }

    static RdsDataAsyncClient client(DataApiServer server, String accessKeyId) {
        return client(server, accessKeyId, DataApiSettings.DEFAULT_SECRET_ACCESS_KEY);
    }

    static RdsDataAsyncClient client(DataApiServer server, String accessKeyId, String secretAccessKey) {
        return RdsDataAsyncClient.builder()
                .httpClient(HTTP)
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .overrideConfiguration(config -> config
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(builder -> builder.maxAttempts(1))
                        .apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    static ExecuteStatementRequest.Builder statement(DataApiServer server, String sql, SqlParameter... parameters) {
        return ExecuteStatementRequest.builder()
                .resourceArn(server.clusterArn())
                .secretArn(server.secretArn())
                .database(server.database())
                .sql(sql)
                .parameters(List.of(parameters));
    }

    static ExecuteStatementResponse execute(RdsDataAsyncClient client, DataApiServer server, String sql,
            SqlParameter... parameters) {
        return client.executeStatement(statement(server, sql, parameters).build()).join();
    }

    static SqlParameter param(String name, Field value) {
        return SqlParameter.builder().name(name).value(value).build();
    }

    static Field longField(long value) {
        return Field.builder().longValue(value).build();
    }

    static Field stringField(String value) {
        return Field.builder().stringValue(value).build();
    }

    /** Unwraps the exception an SDK future failed with. */
    static Throwable failure(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call was expected to fail");
    }

    static String begin(RdsDataAsyncClient client, DataApiServer server) {
        return client.beginTransaction(BeginTransactionRequest.builder().resourceArn(server.clusterArn())
                .secretArn(server.secretArn()).database(server.database()).build()).join().transactionId();
    }

    static long activeQueries(String marker) {
        try (Connection connection = SharedEmbeddedDatabase.get().dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity where state = 'active'"
                        + " and query like '%" + marker + "%' and pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition with a generous bound, so a slow machine only makes the test slower, never red. */
    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not reached within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
