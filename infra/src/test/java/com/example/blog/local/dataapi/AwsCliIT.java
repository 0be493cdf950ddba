package com.example.blog.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.example.blog.local.Programs;

/** The AWS CLI, a second real client (botocore), against the local endpoint. */
class AwsCliIT {

    private static DataApiServer server;

    @BeforeAll
    static void start() {
        assumeTrue(Programs.onPath("aws"),
                "the AWS CLI (aws) is not on PATH; install it to run the CLI compatibility tests");
        server = DataApiClients.startServer();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void executeStatement_selectOne_printsTheRecord() throws Exception {
        Result result = aws("execute-statement", "--database", "blog", "--sql", "select 1");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode response = new ObjectMapper().readTree(result.stdout());
        assertThat(response.at("/records/0/0/longValue").asLong()).isEqualTo(1);
    }

    @Test
    void executeStatement_withParametersAndJsonFormat_printsFormattedRecords() throws Exception {
        Result result = aws("execute-statement", "--database", "blog",
                "--sql", "select :name as name, now() is not null as ok",
                "--parameters", "[{\"name\": \"name\", \"value\": {\"stringValue\": \"cli\"}}]",
                "--format-records-as", "JSON");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode response = new ObjectMapper().readTree(result.stdout());
        JsonNode records = new ObjectMapper().readTree(response.get("formattedRecords").asText());
        assertThat(records.at("/0/name").asText()).isEqualTo("cli");
        assertThat(records.at("/0/ok").asBoolean()).isTrue();
    }

    @Test
    void executeStatement_withParametersNamedByDigits_bindsThem() throws Exception {
        Result result = aws("execute-statement", "--database", "blog", "--sql", "select :1::int + :0::int as total",
                "--parameters", "[{\"name\": \"0\", \"value\": {\"longValue\": 40}},"
                        + " {\"name\": \"1\", \"value\": {\"longValue\": 2}}]");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(new ObjectMapper().readTree(result.stdout()).at("/records/0/0/longValue").asLong()).isEqualTo(42);
    }

    @Test
    void transaction_beginAndCommit_workThroughTheCli() throws Exception {
        Result begun = aws("begin-transaction", "--database", "blog");
        assertThat(begun.exitCode()).as(begun.stderr()).isZero();
        String id = new ObjectMapper().readTree(begun.stdout()).get("transactionId").asText();

        Result committed = aws("commit-transaction", "--transaction-id", id);

        assertThat(committed.exitCode()).as(committed.stderr()).isZero();
        assertThat(new ObjectMapper().readTree(committed.stdout()).get("transactionStatus").asText())
                .isEqualTo("Transaction Committed");
    }

    @Test
    void executeStatement_badSql_reportsDatabaseErrorException() throws Exception {
        Result result = aws("execute-statement", "--database", "blog", "--sql", "select * from no_such_table");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("DatabaseErrorException")
                .contains("relation \"no_such_table\" does not exist");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result aws(String operation, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "rds-data", operation,
                "--endpoint-url", server.endpoint().toString(),
                "--resource-arn", server.clusterArn(), "--secret-arn", server.secretArn(), "--output", "json"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path empty = Files.createTempFile("aws-config", "");
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", DataApiSettings.DEFAULT_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", DataApiSettings.DEFAULT_SECRET_ACCESS_KEY);
        env.put("AWS_DEFAULT_REGION", DataApiSettings.DEFAULT_REGION);
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        // Keep whatever profile the machine has out of the test.
        env.put("AWS_CONFIG_FILE", empty.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", empty.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Path stdout = Files.createTempFile("aws-out", ".json");
        Path stderr = Files.createTempFile("aws-err", ".txt");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        try {
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aws did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            Files.deleteIfExists(empty);
        }
    }
}
