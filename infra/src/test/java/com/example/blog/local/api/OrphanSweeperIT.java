package com.example.blog.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.stack.LocalStackOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The sweeper function from the deployment artifact against the embedded stack: an object left as a crash leaves it
 * (uploaded, never referenced), aged past the minimum age, is swept; every referenced object stays; a row whose
 * object is missing is reported and kept. The template's OrphanMinAgeSeconds is overridden to a few seconds so the
 * test can age an object for real instead of faking S3's clock.
 */
class OrphanSweeperIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that a warm invocation right after an upload sees the object as young, even on a busy machine. */
    private static final long MIN_AGE_SECONDS = 15;

    @TempDir
    static Path data;

    private static LocalStack stack;
    private static S3AsyncClient s3;
    private static Supplier<List<BlogRow>> table;

    @BeforeAll
    static void startStack() throws Exception {
        StackEnvironment.assumeArtifactBuilt();
        stack = LocalStack.start(LocalStackOptions.builder(StackEnvironment.root())
                .dataDirectory(data)
                .withoutGateway()
                .maxInstancesPerFunction(1)
                .parameterOverrides(Map.of("OrphanMinAgeSeconds", Long.toString(MIN_AGE_SECONDS)))
                .build());
        s3 = StackEnvironment.s3Client(stack.s3Endpoint());
        table = BlogTables.jdbc(stack.dataSource());
    }

    @AfterAll
    static void stopStack() {
        if (s3 != null) {
            s3.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static JsonNode invoke(String function, byte[] event) throws Exception {
        InvocationResult result = stack.invoke(function, event).join();
        assertThat(result.status()).as(result.payloadAsString()).isEqualTo(InvocationResult.Status.SUCCESS);
        return JSON.readTree(result.payloadAsString());
    }

    private static JsonNode sweep() throws Exception {
        return invoke("SweepOrphanImagesFunction",
                Files.readAllBytes(StackEnvironment.root().resolve("events/scheduled/sweep-orphan-images.json")));
    }

    private static Instant lastModified(String key) {
        return s3.headObject(request -> request.bucket(stack.bucket()).key(key)).join().lastModified();
    }

    private static boolean exists(String key) {
        try {
            lastModified(key);
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof software.amazon.awssdk.services.s3.model.S3Exception s3Error
                    && s3Error.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void sweep_removesAnAgedOrphanAndKeepsEveryReferencedObjectAndEveryRow() throws Exception {
        // A post with an image, made through the real create function.
        JsonNode created = invoke("CreateBlogFunction",
                Files.readAllBytes(StackEnvironment.root().resolve("events/create-blog-multipart.json")));
        assertThat(created.get("statusCode").asInt()).as(created.toString()).isEqualTo(201);
        List<String> referenced = table.get().stream().map(BlogRow::imageKey).filter(key -> key != null).toList();
        assertThat(referenced).hasSize(1);

        // A row whose object is gone: reported, never deleted.
        String missing = "images/" + UUID.randomUUID() + ".jpg";
        try (Connection connection = stack.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into blogs (id, title, author, content, image_key) values (?, 'Lost', 'alice', 'c', ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, missing);
            insert.executeUpdate();
        }
        int rows = table.get().size();
        // What a create or update killed between its upload and its row write leaves behind (made below).
        // The first invocation starts the function's JVM; the orphan's age below must not include that.
        sweep();
        String orphan = "images/" + UUID.randomUUID() + ".png";
        s3.putObject(request -> request.bucket(stack.bucket()).key(orphan).contentType("image/png"),
                AsyncRequestBody.fromString("left behind by a crash")).join();
        // And an upload whose post was never made.
        String upload = "uploads/2bd806c97f0e00af1a1fc3328fa763a9/" + UUID.randomUUID() + ".png";
        s3.putObject(request -> request.bucket(stack.bucket()).key(upload).contentType("image/png"),
                AsyncRequestBody.fromString("never taken by a post")).join();

        JsonNode young = sweep();

        assertThat(young.get("deleted")).as(young.toString()).isEmpty();
        assertThat(young.get("keptTooYoung").asInt()).isEqualTo(1);
        assertThat(exists(orphan)).as("an orphan younger than the minimum age is an upload in flight").isTrue();
        assertThat(young.get("abandonedUploadsDeleted")).isEmpty();
        assertThat(exists(upload)).as("a young upload may still be taken by a post").isTrue();

        // Age it: wait until its last modification is more than the minimum age ago (S3 times have seconds).
        Instant oldEnough = lastModified(orphan).plusSeconds(MIN_AGE_SECONDS + 1);
        while (Instant.now().isBefore(oldEnough)) {
            Thread.sleep(Math.max(1, Duration.between(Instant.now(), oldEnough).toMillis()));
        }

        JsonNode aged = sweep();

        assertThat(texts(aged.get("deleted"))).as(aged.toString()).containsExactly(orphan);
        assertThat(texts(aged.get("rowsWithMissingObject"))).containsExactly(missing);
        assertThat(aged.get("complete").asBoolean()).isTrue();
        assertThat(exists(orphan)).isFalse();
        assertThat(texts(aged.get("abandonedUploadsDeleted"))).containsExactly(upload);
        assertThat(aged.get("uploadsComplete").asBoolean()).isTrue();
        assertThat(exists(upload)).isFalse();
        for (String key : referenced) {
            assertThat(exists(key)).as(key).isTrue();
        }
        assertThat(table.get()).hasSize(rows).extracting(BlogRow::imageKey).contains(missing);
        assertThatThrownBy(() -> s3.getObject(request -> request.bucket(stack.bucket()).key(orphan),
                software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes()).join())
                .isInstanceOf(CompletionException.class);
    }
}
