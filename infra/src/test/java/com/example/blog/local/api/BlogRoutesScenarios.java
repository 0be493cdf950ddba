package com.example.blog.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every route of the blog API, driven over real HTTP by a client we did not write (java.net.http), against an
 * {@link ApiEnvironment}. Subclasses choose the environment; the scenarios are the same for all.
 *
 * <p>After every test the storage invariant is checked directly in the table and the bucket: every image key in a
 * row names an object, and every object under {@code images/} is named by a row. A test of bad input also checks
 * that the request left the table and the bucket exactly as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BlogRoutesScenarios {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROBLEMS = "https://blog.example.com/problems/";
    static final String PROBLEM_JSON = "application/problem+json";
    /** The functions' default BLOG_IMAGE_MAX_BYTES (4 MiB), which the template and the stack keep. */
    static final int IMAGE_MAX_BYTES = 4 * 1024 * 1024;
    /**
     * A photo just over the limit, as a user would pick: 4.5 MB still fits Lambda's 6 MB request payload once
     * base64-encoded, so the function sees it and must refuse it itself (bigger bodies never reach the function).
     */
    static final int OVERSIZED_IMAGE_BYTES = 4_500_000;
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "java.", "com.example.",
            "software.amazon.", "org.postgresql", "SQLState", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private ApiEnvironment environment;
    private Storage before;
    private byte[] oversizedImage;

    /** Starts the environment the scenarios run against; an assumption that fails here skips them all. */
    /** Starts the environment with its data (database, objects, keys) in {@code data}, a directory of its own. */
    abstract ApiEnvironment startEnvironment(Path data) throws Exception;

    // The directory comes in as a parameter: an instance @TempDir field is still null in @BeforeAll.
    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        environment = startEnvironment(data);
    }

    @AfterAll
    void stop() {
        if (environment != null) {
            environment.close();
        }
    }

    @BeforeEach
    void rememberStorage() {
        before = storage();
    }

    @AfterEach
    void everyImageKeyHasItsObjectAndEveryObjectItsRow() {
        Storage after = storage();
        Set<String> keys = after.rows().stream().map(BlogRow::imageKey).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        assertThat(after.objects()).as("objects under images/ in %s", environment.description())
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    // ------------------------------------------------------------------ POST /blogs

    @Nested
    class CreateBlog {

        @Test
        void post_withJsonBody_returns201WithLocationAndETagAndStoresTheCallersPost() throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .POST(body("{\"title\":\"  From JSON  \",\"content\":\"Line one\\nLine two ☕\","
                            + "\"author\":\"mallory\"}")));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            JsonNode blog = JSON.readTree(response.body());
            String id = blog.get("id").asText();
            assertThat(response.headers().firstValue("Location")).hasValue("/blogs/" + id);
            assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(blog.get("author").asText()).as("the author is the token's user, never a field")
                    .isEqualTo("alice");
            assertThat(blog.get("imageUrl").isNull()).isTrue();
            assertThat(row(id)).isEqualTo(new BlogRow(id, "From JSON", "alice", "Line one\nLine two ☕", null, 1));
            assertThat(storage().objects()).isEqualTo(before.objects());
        }

        @Test
        void post_withPngImage_returns201AndStoresTheImageUnderAServerMadeKey() throws Exception {
            byte[] png = Images.png(0x336699);
            Multipart form = new Multipart().field("title", "With a picture").field("content", "See below")
                    .file("image", "../../alice's holiday.png", "image/png", png);

            JsonNode blog = created(send(post("alice").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()))));

            BlogRow row = row(blog.get("id").asText());
            assertThat(row.imageKey()).matches("images/[0-9a-f-]{36}\\.png");
            assertThat(environment.object(row.imageKey())).isEqualTo(png);
            HttpResponse<byte[]> image = fetch(blog.get("imageUrl").asText());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(image.body()).isEqualTo(png);
        }

        @Test
        void post_withJpegNamedAsPng_storesItAsTheJpegItIs() throws Exception {
            byte[] jpeg = Images.jpeg(0x102030);
            Multipart form = new Multipart().field("title", "Misnamed").field("content", "A JPEG called .png")
                    .file("image", "photo.png", "image/png", jpeg);

            JsonNode blog = created(send(post("alice").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()))));

            BlogRow row = row(blog.get("id").asText());
            assertThat(row.imageKey()).endsWith(".jpg");
            assertThat(fetch(blog.get("imageUrl").asText()).headers().firstValue("Content-Type"))
                    .hasValue("image/jpeg");
        }

        @Test
        void post_whenJsonIsMalformed_returns400AndLeavesNothing() throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .POST(body("{\"title\": \"Missing brace\", \"content\": \"oops\"")));

            assertProblem(response, 400, "malformed-request");
            assertStorageUnchanged();
        }

        @Test
        void post_whenMultipartIsMalformed_returns400AndLeavesNothing() throws Exception {
            Multipart form = new Multipart().field("title", "Cut off").field("content", "No closing boundary")
                    .file("image", "p.png", "image/png", Images.png(0x445566));

            HttpResponse<String> response = send(post("alice").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.buildWithoutClosingDelimiter())));

            assertProblem(response, 400, "malformed-request");
            assertStorageUnchanged();
        }

        @Test
        void post_whenMultipartHasNoBoundary_returns400AndLeavesNothing() throws Exception {
            Multipart form = new Multipart().field("title", "t").field("content", "c");

            HttpResponse<String> response = send(post("alice").header("Content-Type", "multipart/form-data")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertProblem(response, 400, "malformed-request");
            assertStorageUnchanged();
        }

        @Test
        void post_whenImageIsText_returns415AndLeavesNothing() throws Exception {
            Multipart form = new Multipart().field("title", "Not a picture").field("content", "Text in disguise")
                    .file("image", "cat.png", "image/png", "plain text, not a PNG".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> response = send(post("alice").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            JsonNode problem = assertProblem(response, 415, "unsupported-media-type");
            assertThat(problem.at("/errors/image").asText()).isNotBlank();
            assertStorageUnchanged();
        }

        @Test
        void post_whenImageIsLargerThanTheLimit_returns413AndLeavesNothing() throws Exception {
            Multipart form = new Multipart().field("title", "Too big").field("content", "A huge photo")
                    .file("image", "big.png", "image/png", oversizedImage());

            HttpResponse<String> response = send(post("alice").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            JsonNode problem = assertProblem(response, 413, "payload-too-large");
            assertThat(problem.get("detail").asText()).contains(Integer.toString(IMAGE_MAX_BYTES));
            assertStorageUnchanged();
        }

        @Test
        void post_whenTitleIsMissing_returns400NamingTheFieldAndLeavesNothing() throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .POST(body("{\"content\":\"A post without a title\"}")));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/title").asText()).isEqualTo("is required");
            assertStorageUnchanged();
        }

        @ParameterizedTest(name = "{0} -> errors.{1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"title":"","content":"c"}                          | title
                {"title":"   ","content":"c"}                       | title
                {"title":42,"content":"c"}                          | title
                {"title":"t","content":null}                        | content
                {"title":"t","content":"c","removeImage":true}      | removeImage
                {"title":"t","content":"c","removeImage":"perhaps"} | removeImage
                {"title":"a\\u0000b","content":"c"}                 | title
                """)
        void post_whenAFieldIsInvalid_returns400NamingTheFieldAndLeavesNothing(String json, String field)
                throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .POST(body(json)));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.get("errors").has(field)).as(response.body()).isTrue();
            assertStorageUnchanged();
        }

        @Test
        void post_whenTitleIsLongerThan200Characters_returns400AndLeavesNothing() throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .POST(body("{\"title\":\"" + "x".repeat(201) + "\",\"content\":\"c\"}")));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/title").asText()).contains("200");
            assertStorageUnchanged();
        }

        @ParameterizedTest(name = "body <{0}>")
        @ValueSource(strings = {"[]", "\"a string\"", "", "null"})
        void post_whenJsonIsNotAnObject_returns400AndLeavesNothing(String json) throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .POST(body(json)));

            assertProblem(response, 400, "malformed-request");
            assertStorageUnchanged();
        }

        @Test
        void post_whenContentIsMissingFromAFormWithAnImage_returns400AndStoresNoImage() throws Exception {
            Multipart form = new Multipart().field("title", "No content")
                    .file("image", "p.png", "image/png", Images.png(0x778899));

            HttpResponse<String> response = send(post("alice").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/content").asText()).isEqualTo("is required");
            assertStorageUnchanged();
        }

        @Test
        void post_whenBodyIsPlainText_returns415AndLeavesNothing() throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "text/plain")
                    .POST(body("title=Plain text")));

            assertProblem(response, 415, "unsupported-media-type");
            assertStorageUnchanged();
        }

        @Test
        void post_withoutToken_isRejectedByTheAuthorizerAndLeavesNothing() throws Exception {
            HttpResponse<String> response = send(request("/blogs").header("Content-Type", "application/json")
                    .POST(body("{\"title\":\"Anonymous\",\"content\":\"No token\"}")));

            assertUnauthorizedByGateway(response);
            assertStorageUnchanged();
        }

        @Test
        void post_withForgedToken_isRejectedByTheAuthorizerAndLeavesNothing() throws Exception {
            HttpResponse<String> response = send(request("/blogs")
                    .header("Authorization", "Bearer " + forged(environment.tokenFor("alice")))
                    .header("Content-Type", "application/json")
                    .POST(body("{\"title\":\"Forged\",\"content\":\"Bad signature\"}")));

            assertUnauthorizedByGateway(response);
            assertStorageUnchanged();
        }
    }

    // ------------------------------------------------------------------ GET /blogs

    @Nested
    class ListBlogs {

        @Test
        void list_walksEveryPageNewestFirstWithoutGapsOrRepeats() throws Exception {
            List<String> createdIds = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                createdIds.add(createJson("alice", "Page walk " + i, "Post number " + i + " of the walk"));
            }

            List<String> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String query = "/blogs?limit=2" + (cursor == null ? ""
                        : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                HttpResponse<String> response = send(request(query).GET());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode page = JSON.readTree(response.body());
                assertThat(page.get("items").size()).isBetween(1, 2);
                for (JsonNode item : page.get("items")) {
                    walked.add(item.get("id").asText());
                    assertThat(item.has("excerpt")).isTrue();
                    assertThat(item.has("content")).as("a summary carries an excerpt, not the content").isFalse();
                }
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
                pages++;
            } while (cursor != null && pages < 1000);

            List<String> expected = environment.rows().stream().map(BlogRow::id).toList();
            assertThat(walked).as("every row once, newest first").containsExactlyElementsOf(expected);
            List<String> newestFirst = new ArrayList<>(createdIds);
            Collections.reverse(newestFirst);
            assertThat(walked).containsSubsequence(newestFirst);
            assertThat(new HashSet<>(walked)).hasSameSizeAs(walked);
        }

        @Test
        void list_withoutLimit_returnsTheFirstTwentyNewestFirst() throws Exception {
            HttpResponse<String> response = send(request("/blogs").GET());

            assertThat(response.statusCode()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            JSON.readTree(response.body()).get("items").forEach(item -> ids.add(item.get("id").asText()));
            List<String> rows = environment.rows().stream().map(BlogRow::id).toList();
            assertThat(ids).containsExactlyElementsOf(rows.subList(0, Math.min(20, rows.size())));
        }

        @ParameterizedTest(name = "cursor={0}")
        @ValueSource(strings = {"bm90LWEtY3Vyc29y", "!!!", "eyJjIjoiMjAyNi0wMS0wMVQwMDowMDowMFoifQ"})
        void list_whenCursorIsNotOneTheApiIssued_returns400(String cursor) throws Exception {
            HttpResponse<String> response = send(request("/blogs?cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8)).GET());

            assertProblem(response, 400, "validation");
            assertStorageUnchanged();
        }

        @ParameterizedTest(name = "limit={0}")
        @ValueSource(strings = {"0", "101", "ten", "-1", "1e2"})
        void list_whenLimitIsNotFrom1To100_returns400NamingTheLimit(String limit) throws Exception {
            HttpResponse<String> response = send(request("/blogs?limit=" + limit).GET());

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/limit").asText()).isNotBlank();
            assertStorageUnchanged();
        }
    }

    // ------------------------------------------------------------------ GET /blogs/{id}

    @Nested
    class GetBlog {

        @Test
        void get_existingPost_returns200WithETagAndAnImageUrlThatServesTheImage() throws Exception {
            byte[] png = Images.png(0x00ff00);
            String id = createWithImage("alice", "To read", png);

            HttpResponse<String> response = send(request("/blogs/" + id).GET());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
            JsonNode blog = JSON.readTree(response.body());
            assertThat(blog.get("title").asText()).isEqualTo("To read");
            assertThat(blog.get("author").asText()).isEqualTo("alice");
            assertThat(blog.get("version").asLong()).isEqualTo(1);
            assertThat(fetch(blog.get("imageUrl").asText()).body()).isEqualTo(png);
        }

        @Test
        void get_whenIdIsUnknown_returns404() throws Exception {
            HttpResponse<String> response = send(request("/blogs/" + UUID.randomUUID()).GET());

            assertProblem(response, 404, "not-found");
            assertStorageUnchanged();
        }

        @ParameterizedTest(name = "id={0}")
        @ValueSource(strings = {"not-a-uuid", "1-2-3-4-5", "00000000-0000-4000-8000-00000000000g"})
        void get_whenIdIsNotAUuid_returns400NamingTheId(String id) throws Exception {
            HttpResponse<String> response = send(request("/blogs/" + id).GET());

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/id").asText()).isNotBlank();
            assertStorageUnchanged();
        }
    }

    // ------------------------------------------------------------------ PUT /blogs/{id}

    @Nested
    class UpdateBlog {

        @Test
        void put_withNewImage_replacesTheObjectAndDeletesTheOldOne() throws Exception {
            String id = createWithImage("alice", "Before", Images.png(0x111111));
            String oldKey = row(id).imageKey();
            byte[] jpeg = Images.jpeg(0x222222);
            Multipart form = new Multipart().field("title", "After").field("content", "New picture")
                    .file("image", "new.jpg", "image/jpeg", jpeg);

            HttpResponse<String> response = send(put(id, "alice").header("If-Match", "\"1\"")
                    .header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
            BlogRow row = row(id);
            assertThat(row.title()).isEqualTo("After");
            assertThat(row.version()).isEqualTo(2);
            assertThat(row.imageKey()).isNotEqualTo(oldKey).endsWith(".jpg");
            assertThat(environment.imageObjects()).contains(row.imageKey()).doesNotContain(oldKey);
            assertThat(environment.object(row.imageKey())).isEqualTo(jpeg);
            assertThat(fetch(JSON.readTree(response.body()).get("imageUrl").asText()).body()).isEqualTo(jpeg);
        }

        @Test
        void put_withJsonBody_changesTheTextAndKeepsTheImage() throws Exception {
            String id = createWithImage("alice", "Keep my picture", Images.png(0x333333));
            String key = row(id).imageKey();

            HttpResponse<String> response = send(put(id, "alice").header("Content-Type", "application/json")
                    .PUT(body("{\"title\":\"Edited\",\"content\":\"Same picture\"}")));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(row(id)).isEqualTo(new BlogRow(id, "Edited", "alice", "Same picture", key, 2));
            assertThat(environment.imageObjects()).contains(key);
        }

        @Test
        void put_withRemoveImage_dropsTheImageAndDeletesItsObject() throws Exception {
            String id = createWithImage("alice", "Picture goes", Images.png(0x444444));
            String key = row(id).imageKey();
            Multipart form = new Multipart().field("title", "Picture gone").field("content", "Text only")
                    .field("removeImage", "true");

            HttpResponse<String> response = send(put(id, "alice").header("If-Match", "*")
                    .header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("imageUrl").isNull()).isTrue();
            assertThat(row(id).imageKey()).isNull();
            assertThat(environment.imageObjects()).doesNotContain(key);
        }

        @Test
        void put_whenIfMatchIsStale_returns412AndKeepsThePostAndItsImage() throws Exception {
            String id = createWithImage("alice", "Edited twice", Images.png(0x555555));
            assertThat(send(put(id, "alice").header("Content-Type", "application/json")
                    .PUT(body("{\"title\":\"First edit\",\"content\":\"v2\"}"))).statusCode()).isEqualTo(200);
            before = storage();
            Multipart form = new Multipart().field("title", "Second edit").field("content", "based on v1")
                    .file("image", "new.png", "image/png", Images.png(0x565656));

            HttpResponse<String> response = send(put(id, "alice").header("If-Match", "\"1\"")
                    .header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertProblem(response, 412, "precondition-failed");
            assertStorageUnchanged();
        }

        @Test
        void put_byAnotherAuthor_returns403AndKeepsThePostAndItsImage() throws Exception {
            String id = createWithImage("alice", "Alice's own", Images.png(0x666666));
            before = storage();
            Multipart form = new Multipart().field("title", "Hijacked").field("content", "by bob")
                    .file("image", "bob.png", "image/png", Images.png(0x676767));

            HttpResponse<String> response = send(put(id, "bob").header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertProblem(response, 403, "forbidden");
            assertStorageUnchanged();
        }

        @Test
        void put_whenIdIsUnknown_returns404AndStoresNoImage() throws Exception {
            Multipart form = new Multipart().field("title", "Ghost").field("content", "No such post")
                    .file("image", "ghost.png", "image/png", Images.png(0x777777));

            HttpResponse<String> response = send(put(UUID.randomUUID().toString(), "alice")
                    .header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertProblem(response, 404, "not-found");
            assertStorageUnchanged();
        }

        @Test
        void put_whenJsonIsMalformed_returns400AndChangesNothing() throws Exception {
            String id = existingPost();

            HttpResponse<String> response = send(put(id, "alice").header("Content-Type", "application/json")
                    .PUT(body("{\"title\": \"x\", \"content\": ")));

            assertProblem(response, 400, "malformed-request");
            assertStorageUnchanged();
        }

        @Test
        void put_whenMultipartIsMalformed_returns400AndChangesNothing() throws Exception {
            String id = existingPost();
            Multipart form = new Multipart().field("title", "Cut").field("content", "off")
                    .file("image", "p.png", "image/png", Images.png(0x888888));

            HttpResponse<String> response = send(put(id, "alice").header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.buildWithoutClosingDelimiter())));

            assertProblem(response, 400, "malformed-request");
            assertStorageUnchanged();
        }

        @Test
        void put_whenImageIsText_returns415AndChangesNothing() throws Exception {
            String id = existingPost();
            Multipart form = new Multipart().field("title", "Text image").field("content", "c")
                    .file("image", "x.gif", "image/gif", "GIF? no".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> response = send(put(id, "alice").header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertProblem(response, 415, "unsupported-media-type");
            assertStorageUnchanged();
        }

        @Test
        void put_whenImageIsLargerThanTheLimit_returns413AndChangesNothing() throws Exception {
            String id = existingPost();
            Multipart form = new Multipart().field("title", "Too big").field("content", "c")
                    .file("image", "big.png", "image/png", oversizedImage());

            HttpResponse<String> response = send(put(id, "alice").header("Content-Type", form.contentType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(form.build())));

            assertProblem(response, 413, "payload-too-large");
            assertStorageUnchanged();
        }

        @Test
        void put_whenContentIsMissing_returns400NamingTheFieldAndChangesNothing() throws Exception {
            String id = existingPost();

            HttpResponse<String> response = send(put(id, "alice").header("Content-Type", "application/json")
                    .PUT(body("{\"title\":\"Only a title\"}")));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/content").asText()).isEqualTo("is required");
            assertStorageUnchanged();
        }

        @Test
        void put_whenIdIsNotAUuid_returns400AndChangesNothing() throws Exception {
            HttpResponse<String> response = send(put("12345", "alice").header("Content-Type", "application/json")
                    .PUT(body("{\"title\":\"Bad id\",\"content\":\"c\"}")));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/id").asText()).isNotBlank();
            assertStorageUnchanged();
        }

        @Test
        void put_whenIfMatchIsMalformed_returns400AndChangesNothing() throws Exception {
            String id = existingPost();

            HttpResponse<String> response = send(put(id, "alice").header("If-Match", "1")
                    .header("Content-Type", "application/json")
                    .PUT(body("{\"title\":\"t\",\"content\":\"c\"}")));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/If-Match").asText()).isNotBlank();
            assertStorageUnchanged();
        }

        @Test
        void put_withoutToken_isRejectedByTheAuthorizerAndChangesNothing() throws Exception {
            String id = existingPost();

            HttpResponse<String> response = send(request("/blogs/" + id).header("Content-Type", "application/json")
                    .PUT(body("{\"title\":\"Anonymous\",\"content\":\"No token\"}")));

            assertUnauthorizedByGateway(response);
            assertStorageUnchanged();
        }
    }

    // ------------------------------------------------------------------ DELETE /blogs/{id}

    @Nested
    class DeleteBlog {

        @Test
        void delete_postWithImage_returns204AndDeletesTheRowAndTheObject() throws Exception {
            String id = createWithImage("alice", "Short-lived", Images.png(0x999999));
            String key = row(id).imageKey();

            HttpResponse<String> response = send(delete(id, "alice").header("If-Match", "\"1\""));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertThat(environment.rows()).extracting(BlogRow::id).doesNotContain(id);
            assertThat(environment.imageObjects()).doesNotContain(key);
            assertProblem(send(request("/blogs/" + id).GET()), 404, "not-found");
        }

        @Test
        void delete_whenIfMatchIsStale_returns412AndKeepsThePostAndItsImage() throws Exception {
            String id = createWithImage("alice", "Guarded", Images.png(0xaaaaaa));
            before = storage();

            HttpResponse<String> response = send(delete(id, "alice").header("If-Match", "\"7\""));

            assertProblem(response, 412, "precondition-failed");
            assertStorageUnchanged();
        }

        @Test
        void delete_byAnotherAuthor_returns403AndKeepsThePostAndItsImage() throws Exception {
            String id = createWithImage("alice", "Not bob's", Images.png(0xbbbbbb));
            before = storage();

            HttpResponse<String> response = send(delete(id, "bob"));

            assertProblem(response, 403, "forbidden");
            assertStorageUnchanged();
        }

        @Test
        void delete_whenIdIsUnknown_returns404() throws Exception {
            HttpResponse<String> response = send(delete(UUID.randomUUID().toString(), "alice"));

            assertProblem(response, 404, "not-found");
            assertStorageUnchanged();
        }

        @Test
        void delete_whenIdIsNotAUuid_returns400NamingTheId() throws Exception {
            HttpResponse<String> response = send(delete("not-a-uuid", "alice"));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/id").asText()).isNotBlank();
            assertStorageUnchanged();
        }

        @Test
        void delete_withoutToken_isRejectedByTheAuthorizerAndChangesNothing() throws Exception {
            String id = existingPost();

            HttpResponse<String> response = send(request("/blogs/" + id).DELETE());

            assertUnauthorizedByGateway(response);
            assertStorageUnchanged();
        }
    }

    // ------------------------------------------------------------------ POST /blogs with Idempotency-Key

    @Nested
    class IdempotencyKey {

        @Test
        void post_tenConcurrentDuplicates_makeExactlyOnePostAndEveryAnswerIsItOr409() throws Exception {
            String key = "\"" + UUID.randomUUID() + "\"";
            String title = "Exactly once " + UUID.randomUUID();
            byte[] png = Images.png(0x445566);
            Multipart form = new Multipart().field("title", title).field("content", "Sent ten times at once")
                    .file("image", "once.png", "image/png", png);
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // Each duplicate is encoded afresh, as a retrying client would: the multipart boundary may differ.
                Multipart again = new Multipart().field("title", title).field("content", "Sent ten times at once")
                        .file("image", "once.png", "image/png", png);
                answers.add(http.sendAsync(post("alice").header("Content-Type", again.contentType())
                        .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(again.build()))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }

            Set<String> ids = new HashSet<>();
            int created = 0;
            for (var answer : answers) {
                HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
                if (response.statusCode() == 409) {
                    assertProblem(response, 409, "idempotency-key-in-use");
                    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                } else {
                    ids.add(created(response).get("id").asText());
                    created++;
                }
            }

            List<BlogRow> rows = environment.rows().stream().filter(row -> row.title().equals(title)).toList();
            assertThat(rows).hasSize(1);
            assertThat(created).isPositive();
            assertThat(ids).containsExactly(rows.get(0).id());
            assertThat(environment.object(rows.get(0).imageKey())).isEqualTo(png);

            HttpResponse<String> retry = send(post("alice").header("Content-Type", form.contentType())
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(form.build())));
            assertThat(created(retry).get("id").asText()).isEqualTo(rows.get(0).id());
            assertThat(retry.headers().firstValue("Location")).hasValue("/blogs/" + rows.get(0).id());
            assertThat(environment.rows().stream().filter(row -> row.title().equals(title))).hasSize(1);
        }

        @Test
        void post_sameKeyWithAnotherBody_returns422AndChangesNothing() throws Exception {
            String key = "\"" + UUID.randomUUID() + "\"";
            created(send(post("alice").header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(body("{\"title\":\"First use\",\"content\":\"of the key\"}"))));
            before = storage();

            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).POST(body("{\"title\":\"Second use\",\"content\":\"other\"}")));

            assertProblem(response, 422, "idempotency-key-reused");
            assertStorageUnchanged();
        }

        @Test
        void post_withMalformedKey_returns400AndChangesNothing() throws Exception {
            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json")
                    .header("Idempotency-Key", "two words").POST(body("{\"title\":\"T\",\"content\":\"C\"}")));

            JsonNode problem = assertProblem(response, 400, "malformed-request");
            assertThat(problem.at("/errors/Idempotency-Key").asText()).isNotBlank();
            assertStorageUnchanged();
        }
    }

    // ------------------------------------------------------------------ POST /uploads, then a post that takes it

    @Nested
    class Uploads {

        /** Larger than a request body may carry (4 MiB once decoded, 6 MB payload), well under the 20 MiB limit. */
        static final int LARGE_IMAGE_BYTES = 7_000_000;

        @Test
        void upload_thenCreate_takesALargeImageAndDeletesTheUpload() throws Exception {
            byte[] large = Images.largePng(LARGE_IMAGE_BYTES);
            JsonNode upload = startUpload("alice", "image/png");
            assertThat(upload.get("maxBytes").asLong()).isEqualTo(20L * 1024 * 1024);
            assertThat(upload.get("key").asText()).startsWith("uploads/");

            HttpResponse<String> posted = postForm(upload, large, "image/png");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
            assertThat(environment.objects("uploads/")).contains(upload.get("key").asText());

            JsonNode blog = created(send(post("alice").header("Content-Type", "application/json").POST(body(
                    JSON.writeValueAsString(Map.of("title", "Large", "content", "A photo as taken",
                            "imageUpload", upload.get("key").asText()))))));

            BlogRow row = row(blog.get("id").asText());
            assertThat(row.imageKey()).matches("images/[0-9a-f-]{36}\\.png");
            assertThat(environment.object(row.imageKey())).isEqualTo(large);
            assertThat(environment.objects("uploads/")).doesNotContain(upload.get("key").asText());
            HttpResponse<byte[]> image = fetch(blog.get("imageUrl").asText());
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(image.body()).isEqualTo(large);
        }

        @Test
        void upload_thenUpdate_replacesTheImageAndDeletesTheOldOneAndTheUpload() throws Exception {
            String id = createWithImage("alice", "Before", Images.png(0x010203));
            String oldKey = row(id).imageKey();
            byte[] jpeg = Images.jpeg(0x405060);
            JsonNode upload = startUpload("alice", "image/jpeg");
            assertThat(postForm(upload, jpeg, "image/jpeg").statusCode()).isEqualTo(204);

            HttpResponse<String> response = send(put(id, "alice").header("Content-Type", "application/json")
                    .PUT(body(JSON.writeValueAsString(Map.of("title", "After", "content", "New picture",
                            "imageUpload", upload.get("key").asText())))));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            BlogRow row = row(id);
            assertThat(row.imageKey()).endsWith(".jpg").isNotEqualTo(oldKey);
            assertThat(environment.object(row.imageKey())).isEqualTo(jpeg);
            assertThat(environment.imageObjects()).doesNotContain(oldKey);
            assertThat(environment.objects("uploads/")).doesNotContain(upload.get("key").asText());
        }

        @Test
        void create_whenTheUploadedFileIsNotTheDeclaredImage_returns415AndLeavesNothing() throws Exception {
            JsonNode upload = startUpload("alice", "image/png");
            byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
            assertThat(postForm(upload, html, "image/png").statusCode()).isEqualTo(204);

            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json").POST(body(
                    JSON.writeValueAsString(Map.of("title", "T", "content", "C",
                            "imageUpload", upload.get("key").asText())))));

            JsonNode problem = assertProblem(response, 415, "unsupported-media-type");
            assertThat(problem.at("/errors/imageUpload").asText()).isNotBlank();
            assertStorageUnchanged();
            assertThat(environment.objects("uploads/")).as("a rejected upload is deleted")
                    .doesNotContain(upload.get("key").asText());
        }

        @Test
        void create_withAnotherUsersUpload_returns400AndLeavesTheUploadAlone() throws Exception {
            JsonNode upload = startUpload("bob", "image/png");
            assertThat(postForm(upload, Images.png(0x778899), "image/png").statusCode()).isEqualTo(204);

            HttpResponse<String> response = send(post("alice").header("Content-Type", "application/json").POST(body(
                    JSON.writeValueAsString(Map.of("title", "T", "content", "C",
                            "imageUpload", upload.get("key").asText())))));

            assertProblem(response, 400, "validation");
            assertStorageUnchanged();
            assertThat(environment.objects("uploads/")).contains(upload.get("key").asText());
        }

        @Test
        void upload_forATypeThatIsNoImageWeAccept_returns400() throws Exception {
            HttpResponse<String> response = send(request("/uploads")
                    .header("Authorization", "Bearer " + environment.tokenFor("alice"))
                    .header("Content-Type", "application/json").POST(body("{\"contentType\":\"image/svg+xml\"}")));

            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.at("/errors/contentType").asText()).isNotBlank();
        }

        @Test
        void upload_withoutToken_isRejectedByTheAuthorizer() throws Exception {
            HttpResponse<String> response = send(request("/uploads").header("Content-Type", "application/json")
                    .POST(body("{\"contentType\":\"image/png\"}")));

            assertUnauthorizedByGateway(response);
        }

        @Test
        void form_whenTheFileIsLargerThanThePolicyAllows_isRefusedByTheBucketAndStoresNothing() throws Exception {
            JsonNode upload = startUpload("alice", "image/png");
            byte[] tooLarge = new byte[upload.get("maxBytes").asInt() + 1];

            HttpResponse<String> posted = postForm(upload, tooLarge, "image/png");

            assertThat(posted.statusCode()).isEqualTo(400);
            assertThat(posted.body()).contains("EntityTooLarge");
            assertThat(environment.objects("uploads/")).doesNotContain(upload.get("key").asText());
        }

        private JsonNode startUpload(String user, String contentType) throws Exception {
            HttpResponse<String> response = send(request("/uploads")
                    .header("Authorization", "Bearer " + environment.tokenFor(user))
                    .header("Content-Type", "application/json")
                    .POST(body(JSON.writeValueAsString(Map.of("contentType", contentType)))));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            return JSON.readTree(response.body());
        }

        /** What a browser does with the form: every field in order, then the file, straight to the bucket. */
        private HttpResponse<String> postForm(JsonNode upload, byte[] file, String contentType) throws Exception {
            Multipart form = new Multipart();
            upload.get("fields").fields().forEachRemaining(field -> form.field(field.getKey(),
                    field.getValue().asText()));
            form.file("file", "photo", contentType, file);
            return send(HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.build())));
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Storage(List<BlogRow> rows, Set<String> objects) {
    }

    private Storage storage() {
        return new Storage(environment.rows(), environment.imageObjects());
    }

    /** Bad input must leave the table and the bucket exactly as they were before the request. */
    private void assertStorageUnchanged() {
        Storage after = storage();
        assertThat(after.rows()).as("rows").hasSameSizeAs(before.rows()).containsExactlyElementsOf(before.rows());
        assertThat(after.objects()).as("objects").hasSameSizeAs(before.objects())
                .containsExactlyInAnyOrderElementsOf(before.objects());
    }

    /** A problem document (RFC 9457) with the given status and type, and nothing of the server's insides. */
    private static JsonNode assertProblem(HttpResponse<String> response, int status, String type)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(PROBLEMS + type);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        for (String internal : INTERNALS) {
            assertThat(response.body()).as("no internals in a problem").doesNotContain(internal);
        }
        return problem;
    }

    /**
     * A write without a valid token never reaches the function: API Gateway's JWT authorizer answers with its own
     * fixed 401 (not a problem document, on AWS as on the local stack).
     */
    private static void assertUnauthorizedByGateway(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("Unauthorized");
    }

    private BlogRow row(String id) {
        return environment.rows().stream().filter(row -> row.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + id));
    }

    private byte[] oversizedImage() {
        if (oversizedImage == null) {
            oversizedImage = Images.largePng(OVERSIZED_IMAGE_BYTES);
        }
        return oversizedImage;
    }

    /** A post by alice, without image, created through the API; resets the storage baseline after it. */
    private String existingPost() throws Exception {
        String id = createJson("alice", "Existing", "Made by the test");
        before = storage();
        return id;
    }

    private String createJson(String user, String title, String content) throws Exception {
        String json = JSON.writeValueAsString(Map.of("title", title, "content", content));
        return created(send(post(user).header("Content-Type", "application/json").POST(body(json))))
                .get("id").asText();
    }

    private String createWithImage(String user, String title, byte[] image) throws Exception {
        Multipart form = new Multipart().field("title", title).field("content", "With an image")
                .file("image", "image.bin", "application/octet-stream", image);
        return created(send(post(user).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.build())))).get("id").asText();
    }

    private static JsonNode created(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(environment.apiUrl().resolve(pathAndQuery)).timeout(Duration.ofSeconds(60));
    }

    private HttpRequest.Builder post(String user) {
        return request("/blogs").header("Authorization", "Bearer " + environment.tokenFor(user));
    }

    private HttpRequest.Builder put(String id, String user) {
        return request("/blogs/" + id).header("Authorization", "Bearer " + environment.tokenFor(user));
    }

    private HttpRequest.Builder delete(String id, String user) {
        return request("/blogs/" + id).header("Authorization", "Bearer " + environment.tokenFor(user)).DELETE();
    }

    private static HttpRequest.BodyPublisher body(String text) {
        return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The token with its signature's first character changed: well-formed, but not signed by the issuer. */
    private static String forged(String token) {
        int signature = token.lastIndexOf('.') + 1;
        char first = token.charAt(signature);
        return token.substring(0, signature) + (first == 'A' ? 'B' : 'A') + token.substring(signature + 1);
    }
}
