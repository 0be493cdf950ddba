package com.example.blog.local.dataapi;

import static com.example.blog.local.dataapi.DataApiClients.execute;
import static com.example.blog.local.dataapi.DataApiClients.failure;
import static com.example.blog.local.dataapi.DataApiClients.longField;
import static com.example.blog.local.dataapi.DataApiClients.param;
import static com.example.blog.local.dataapi.DataApiClients.statement;
import static com.example.blog.local.dataapi.DataApiClients.stringField;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.ArrayValue;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.BeginTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.DatabaseErrorException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.HttpEndpointNotEnabledException;
import software.amazon.awssdk.services.rdsdata.model.RdsDataException;
import software.amazon.awssdk.services.rdsdata.model.SecretsErrorException;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.UnsupportedResultException;

/** The service's error types, statuses and messages, as the SDK raises them, and the documented limits. */
class ErrorsIT {

    private static DataApiServer server;
    private static RdsDataAsyncClient client;

    @BeforeAll
    static void start() {
        server = DataApiClients.startServer();
        client = DataApiClients.client(server);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void executeStatement_whenRelationIsMissing_raisesDatabaseErrorWithPostgresMessageAndSqlState() {
        Throwable error = failure(() -> execute(client, server, "select * from missing_table"));

        assertThat(error).isInstanceOf(DatabaseErrorException.class);
        DatabaseErrorException databaseError = (DatabaseErrorException) error;
        assertThat(databaseError.statusCode()).isEqualTo(400);
        assertThat(databaseError.awsErrorDetails().errorMessage())
                .isEqualTo("ERROR: relation \"missing_table\" does not exist\n  Position: 15; SQLState: 42P01");
        assertThat(databaseError.requestId()).isNotBlank();
    }

    @Test
    void executeStatement_stringValueForUuidColumnWithoutHint_failsAsVarchar() {
        execute(client, server, "create table if not exists uuid_keyed (id uuid primary key)");

        Throwable error = failure(() -> execute(client, server, "insert into uuid_keyed (id) values (:id)",
                param("id", stringField("6f1e3c2a-1b2c-4d3e-8f90-0123456789ab"))));

        assertThat(error).isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("column \"id\" is of type uuid but expression is of type character varying");
    }

    @Test
    void executeStatement_withoutSql_raisesBadRequest() {
        Throwable error = failure(() -> client.executeStatement(ExecuteStatementRequest.builder()
                .resourceArn(server.clusterArn()).secretArn(server.secretArn()).build()).join());

        assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("'sql'");
        assertThat(((BadRequestException) error).statusCode()).isEqualTo(400);
    }

    @Test
    void executeStatement_withoutSecretArn_raisesBadRequest() {
        Throwable error = failure(() -> client.executeStatement(ExecuteStatementRequest.builder()
                .resourceArn(server.clusterArn()).sql("select 1").build()).join());

        assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("'secretArn'");
    }

    @Test
    void executeStatement_withArrayParameter_raisesBadRequestAsTheServiceDoes() {
        Throwable error = failure(() -> execute(client, server, "select :ids", param("ids",
                Field.builder().arrayValue(ArrayValue.builder().longValues(1L, 2L).build()).build())));

        assertThat(error).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Array parameters are not supported.");
    }

    @Test
    void executeStatement_withUnknownTypeHint_raisesBadRequest() {
        Throwable error = failure(() -> execute(client, server, "select :v", SqlParameter.builder().name("v")
                .value(stringField("x")).typeHint("BLOB").build()));

        assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("BLOB");
    }

    @Test
    void executeStatement_withMalformedTimestampHint_raisesBadRequest() {
        Throwable error = failure(() -> execute(client, server, "select :v", SqlParameter.builder().name("v")
                .value(stringField("2024-02-29T10:00:00Z")).typeHint("TIMESTAMP").build()));

        assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("YYYY-MM-DD HH:MM:SS");
    }

    @Test
    void executeStatement_withEmptyFieldOrNameless_raisesBadRequest() {
        Throwable empty = failure(() -> execute(client, server, "select :v",
                SqlParameter.builder().name("v").value(Field.builder().build()).build()));
        Throwable nameless = failure(() -> execute(client, server, "select 1",
                SqlParameter.builder().value(longField(1)).build()));

        assertThat(empty).isInstanceOf(BadRequestException.class).hasMessageContaining("no field set");
        assertThat(nameless).isInstanceOf(BadRequestException.class);
    }

    @Test
    void executeStatement_withUndeclaredParameter_failsInTheDatabase() {
        Throwable error = failure(() -> execute(client, server, "select :missing"));

        assertThat(error).isInstanceOf(DatabaseErrorException.class).hasMessageContaining("SQLState: 42601");
    }

    @Test
    void executeStatement_withTwoStatements_raisesDatabaseError() {
        Throwable error = failure(() -> execute(client, server, "select 1; select 2"));

        assertThat(error).isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("cannot insert multiple commands into a prepared statement");
    }

    @Test
    void executeStatement_withTrailingSemicolonAndComment_runs() {
        assertThat(execute(client, server, "select 1; -- done\n").records()).hasSize(1);
    }

    @Test
    void executeStatement_forAnotherCluster_raisesHttpEndpointNotEnabled() {
        Throwable error = failure(() -> client.executeStatement(statement(server, "select 1")
                .resourceArn("arn:aws:rds:us-east-1:000000000000:cluster:other").build()).join());

        assertThat(error).isInstanceOf(HttpEndpointNotEnabledException.class)
                .hasMessageContaining("HttpEndpoint is not enabled for cluster other");
    }

    @Test
    void executeStatement_withMalformedResourceArn_raisesBadRequest() {
        Throwable error = failure(() -> client.executeStatement(statement(server, "select 1")
                .resourceArn("arn:aws:s3:::some-bucket").build()).join());

        assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("arn:aws:s3:::some-bucket");
    }

    @Test
    void beginTransaction_withUnknownSecret_raisesSecretsError() {
        Throwable error = failure(() -> client.beginTransaction(BeginTransactionRequest.builder()
                .resourceArn(server.clusterArn())
                .secretArn("arn:aws:secretsmanager:us-east-1:000000000000:secret:other-AbCdEf").build()).join());

        assertThat(error).isInstanceOf(SecretsErrorException.class);
    }

    @Test
    void executeStatement_withSchema_raisesBadRequest() {
        Throwable error = failure(() -> client.executeStatement(statement(server, "select 1").schema("public")
                .build()).join());

        assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("schema");
    }

    @Test
    void executeStatement_onUnknownDatabase_raisesDatabaseError() {
        Throwable error = failure(() -> client.executeStatement(statement(server, "select 1").database("nope")
                .build()).join());

        assertThat(error).isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("database \"nope\" does not exist");
    }

    @Test
    void executeStatement_resultOverOneMebibyte_raisesUnsupportedResult() {
        Throwable error = failure(() -> execute(client, server,
                "select repeat('x', 600000) from generate_series(1, 2)"));

        assertThat(error).isInstanceOf(UnsupportedResultException.class);
        assertThat(((UnsupportedResultException) error).awsErrorDetails().errorMessage())
                .isEqualTo("Database returned more than the allowed response size limit");
    }

    @Test
    void executeStatement_resultUnderTheLimit_isReturned() {
        assertThat(execute(client, server, "select repeat('x', 600000)").records().get(0).get(0).stringValue())
                .hasSize(600_000);
    }

    @Test
    void executeStatement_withConfiguredSmallerLimit_countsEveryRecord() {
        try (DataApiServer small = DataApiServer.start(server.settings().toBuilder().maxResponseBytes(10_000)
                .build()); RdsDataAsyncClient smallClient = DataApiClients.client(small)) {
            Throwable error = failure(() -> execute(smallClient, small,
                    "select repeat('x', 1000) from generate_series(1, 20)"));

            assertThat(error).isInstanceOf(UnsupportedResultException.class);
            assertThat(execute(smallClient, small, "select repeat('x', 1000) from generate_series(1, 5)").records())
                    .hasSize(5);
        }
    }

    @Test
    void executeStatement_multidimensionalArray_raisesUnsupportedResult() {
        Throwable error = failure(() -> execute(client, server, "select array[[1, 2], [3, 4]]"));

        assertThat(error).isInstanceOf(UnsupportedResultException.class).hasMessageContaining("multidimensional");
    }

    @Test
    void executeStatement_runningPastTheRequestTimeout_isCancelledWithStatementTimeout() throws Exception {
        try (DataApiServer quick = DataApiServer.start(server.settings().toBuilder()
                .requestTimeout(Duration.ofMillis(500)).build());
                RdsDataAsyncClient quickClient = DataApiClients.client(quick)) {
            Throwable error = failure(() -> execute(quickClient, quick, "select pg_sleep(60), 'cancel-me'"));

            assertThat(error).isInstanceOf(StatementTimeoutException.class).hasMessageContaining("Request timed out");
            assertThat(((StatementTimeoutException) error).dbConnectionId()).isPositive();
            assertThat(DataApiClients.activeQueries("cancel-me")).isZero();
        }
    }

    @Test
    void executeStatement_continueAfterTimeout_letsTheStatementFinish() throws Exception {
        execute(client, server, "create table if not exists finished_later (id int4)");
        execute(client, server, "delete from finished_later");
        try (DataApiServer quick = DataApiServer.start(server.settings().toBuilder()
                .requestTimeout(Duration.ofMillis(300)).build());
                RdsDataAsyncClient quickClient = DataApiClients.client(quick)) {
            Throwable error = failure(() -> quickClient.executeStatement(statement(quick,
                    "insert into finished_later select 1 from pg_sleep(1.5)").continueAfterTimeout(true).build())
                    .join());

            assertThat(error).isInstanceOf(StatementTimeoutException.class);
            DataApiClients.waitUntil(() -> execute(client, server, "select count(*) from finished_later").records()
                    .get(0).get(0).longValue() > 0);
            assertThat(execute(client, server, "select count(*) from finished_later").records().get(0).get(0)
                    .longValue()).isEqualTo(1);
        }
    }

    @Test
    void request_withoutAuthorization_isRejectedAsMissingAuthenticationToken() throws Exception {
        HttpResponse<String> response = post("/Execute", "{}", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(response.body()).contains("Missing Authentication Token");
    }

    @Test
    void request_withMalformedAuthorization_isRejectedAsIncompleteSignature() throws Exception {
        HttpResponse<String> response = post("/Execute", "{}", "AWS4-HMAC-SHA256 Credential=blog-local");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("IncompleteSignatureException");
    }

    @Test
    void request_signedWithAnotherAccessKey_isRejectedAsUnrecognizedClient() {
        try (RdsDataAsyncClient stranger = DataApiClients.client(server, "AKIAIOSFODNN7EXAMPLE")) {
            Throwable error = failure(() -> execute(stranger, server, "select 1"));

            assertThat(error).isInstanceOf(RdsDataException.class);
            RdsDataException rdsData = (RdsDataException) error;
            assertThat(rdsData.statusCode()).isEqualTo(403);
            assertThat(rdsData.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        }
    }

    @Test
    void request_signedWithAnotherSecretKey_isRejectedAsInvalidSignature() {
        try (RdsDataAsyncClient forger = DataApiClients.client(server, DataApiSettings.DEFAULT_ACCESS_KEY_ID,
                "not-" + DataApiSettings.DEFAULT_SECRET_ACCESS_KEY)) {
            Throwable error = failure(() -> execute(forger, server, "create table forged (id int)"));

            assertThat(error).isInstanceOf(RdsDataException.class);
            RdsDataException rdsData = (RdsDataException) error;
            assertThat(rdsData.statusCode()).isEqualTo(403);
            assertThat(rdsData.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(rdsData.awsErrorDetails().errorMessage()).startsWith(
                    "The request signature we calculated does not match the signature you provided.");
        }
        assertThat(execute(client, server, "select to_regclass('forged') is null").records().get(0).get(0)
                .booleanValue()).isTrue();
    }

    @Test
    void request_toUnknownOperation_isNotFound() throws Exception {
        HttpResponse<String> response = postSigned("/ExecuteSql", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
    }

    @Test
    void request_withInvalidJson_isASerializationError() throws Exception {
        HttpResponse<String> response = postSigned("/Execute", "{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
    }

    /** A request signed by the SDK's signer, so that what is checked is what comes after authentication. */
    private static HttpResponse<String> postSigned(String path, String body) throws Exception {
        URI uri = URI.create(server.endpoint() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        SdkSignedRequests.sign(uri, body).forEach((name, values) -> {
            // The HTTP client sets Host itself, to the same host:port the signature covers.
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .header("Content-Type", "application/json")
                .header("X-Amz-Date", "20240101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
