package com.example.blog.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.template.HttpRoute;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every file in events/ invoked on its route's real function (from the deployment artifact, in the local Lambda
 * runtime, as {@code blog-local invoke} does), against the sample rows the stack seeds. Each must give the status
 * the shared table events/expected-status.properties lists (the functions' unit tests check the same table against
 * in-memory fakes), a problem document when it is an error, and leave the table and bucket consistent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventFilesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEED_IDS = "'00000000-0000-4000-8000-000000000001', "
            + "'00000000-0000-4000-8000-000000000002'";

    private StackEnvironment environment;
    private Properties expected;

    // The directory comes in as a parameter: an instance @TempDir field is still null in @BeforeAll.
    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        expected = new Properties();
        try (Reader reader = Files.newBufferedReader(events().resolve("expected-status.properties"))) {
            expected.load(reader);
        }
        environment = StackEnvironment.embedded(data);
    }

    @AfterAll
    void stop() {
        if (environment != null) {
            environment.close();
        }
    }

    static Path events() {
        return StackEnvironment.root().resolve("events");
    }

    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(events())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                    .toList().stream();
        }
    }

    @Test
    void everyEventFileHasAnExpectedStatus() throws IOException {
        assertThat(expected.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(eventFiles().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void invoke_eachEventFile_returnsItsExpectedStatusAndKeepsTheStorageConsistent(String file) throws Exception {
        restoreSampleRows();
        List<BlogRow> rowsBefore = environment.rows();
        Set<String> objectsBefore = environment.imageObjects();
        byte[] event = Files.readAllBytes(events().resolve(file));
        String function = functionFor(JSON.readTree(event).get("routeKey").asText());

        InvocationResult result = environment.stack().invoke(function, event).get(2, TimeUnit.MINUTES);

        assertThat(result.status()).as(result.payloadAsString()).isEqualTo(InvocationResult.Status.SUCCESS);
        JsonNode response = JSON.readTree(result.payload());
        int status = response.get("statusCode").asInt();
        assertThat(expected.getProperty(file)).as("events/expected-status.properties lists " + file).isNotNull();
        assertThat(status).as(response.toString()).isEqualTo(Integer.parseInt(expected.getProperty(file).strip()));
        if (status >= 400) {
            assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/problem+json");
            JsonNode problem = JSON.readTree(response.get("body").asText());
            assertThat(problem.get("type").asText()).startsWith("https://blog.example.com/problems/");
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(environment.rows()).as("rows").containsExactlyElementsOf(rowsBefore);
            assertThat(environment.imageObjects()).as("objects").isEqualTo(objectsBefore);
        }
        List<BlogRow> rows = environment.rows();
        Set<String> keys = rows.stream().map(BlogRow::imageKey).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(environment.imageObjects()).as("objects under images/").isEqualTo(keys);
    }

    private String functionFor(String routeKey) {
        return environment.stack().routes().stream().filter(route -> route.routeKey().equals(routeKey))
                .map(HttpRoute::functionLogicalId).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + routeKey + " in template.yaml"));
    }

    /**
     * Puts the sample rows back as the stack seeds them (an earlier event may have edited or deleted them), with
     * the images an earlier event gave them removed, so every event meets the state it was written for.
     */
    private void restoreSampleRows() throws IOException, SQLException {
        LocalStack stack = environment.stack();
        try (Connection connection = stack.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            try (var keys = statement.executeQuery(
                    "select image_key from blogs where image_key is not null and id in (" + SEED_IDS + ")")) {
                while (keys.next()) {
                    environment.deleteObject(keys.getString(1));
                }
            }
            statement.execute("delete from blogs where id in (" + SEED_IDS + ")");
            statement.execute(seedSql());
        }
    }

    private static String seedSql() throws IOException {
        try (InputStream in = LocalStack.class.getResourceAsStream("seed.sql")) {
            return new String(Objects.requireNonNull(in, "seed.sql").readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
