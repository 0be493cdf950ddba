package com.example.blog.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The embeddable stack serving the real functions from the deployment artifact, through the HTTP API. */
class LocalStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    @TempDir
    static Path data;

    private static LocalStack stack;
    private static final List<String> progress = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        Path root = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();
        Path artifact = root.resolve("functions/target/blog-functions.zip");
        assumeTrue(Files.isRegularFile(artifact), "the deployment artifact is built by the functions module first: "
                + artifact);
        stack = LocalStack.start(LocalStackOptions.builder(root).dataDirectory(data).progress(progress::add).build());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void start_reportsEachStepAsItBegins_durableDatabaseByDefault() {
        assertThat(progress).extracting(step -> step.split(" \\(")[0]).containsSubsequence(
                "Starting PostgreSQL", "Applying the schema", "Starting the RDS Data API", "Starting S3",
                "Starting the HTTP API");
        assertThat(progress).anyMatch(step -> step.startsWith("Starting PostgreSQL") && step.contains("durable"));
    }

    @Test
    void listBlogs_returnsTheSeededPosts() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(stack.apiUrl().resolve("/blogs")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("items")).extracting(item -> item.get("id").asText())
                .contains("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002");
    }

    @Test
    void createBlog_withAnImage_storesTheRowAndServesTheImageThroughItsPresignedUrl() throws Exception {
        String boundary = "----" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nFrom the stack test\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nWith a pixel\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(PNG);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(stack.apiUrl().resolve("/blogs"))
                .header("Authorization", "Bearer " + stack.tokenFor("carol"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode blog = JSON.readTree(created.body());
        assertThat(blog.get("author").asText()).isEqualTo("carol");
        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(blog.get("imageUrl").asText()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(PNG);
        try (Connection connection = stack.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("select author from blogs where id = ?")) {
            query.setObject(1, UUID.fromString(blog.get("id").asText()));
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("carol");
            }
        }
    }

    @Test
    void createBlog_withoutAToken_isRejectedByTheAuthorizer() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(stack.apiUrl().resolve("/blogs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"t\",\"content\":\"c\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    @Test
    void start_reportsTheSchemaItAppliedFromTheArtifact() {
        assertThat(stack.schemaScripts()).isNotEmpty()
                .allSatisfy(script -> assertThat(script).startsWith("blog-functions.jar!/db/schema/V"));
        assertThat(stack.dataApiEndpoint().toString()).startsWith("http://127.0.0.1:");
        assertThat(stack.s3Endpoint().toString()).startsWith("http://127.0.0.1:");
    }
}
