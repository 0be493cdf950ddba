package com.example.blog.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.example.blog.config.BlogConfig;
import com.example.blog.http.IdempotentRequests;
import com.example.blog.http.Json;
import com.example.blog.repository.DatabaseUnavailableException;
import com.example.blog.service.BlogService;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryIdempotencyRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.Invariant;
import com.example.blog.testing.TestContext;

/** What clients rely on beyond the status code: headers, representations and problem bodies. */
class HandlersTest {

    private final InMemoryBlogRepository repository = InMemoryBlogRepository.seeded();
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final BlogService service = new BlogService(repository, images);
    private final BlogConfig config = BlogConfig.fromMap(Map.of());
    private final TestContext context = new TestContext();

    private CreateBlogHandler createHandler() {
        return new CreateBlogHandler(service, config, new IdempotentRequests(new InMemoryIdempotencyRepository()));
    }

    private static APIGatewayV2HTTPEvent load(String file) {
        return EventLoader.loadApiGatewayHttpEvent(EventFilesTest.eventsDir().resolve(file).toString());
    }

    private static Map<String, Object> body(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.parseObject(response.getBody());
    }

    private APIGatewayV2HTTPResponse list(String limit, String cursor) {
        APIGatewayV2HTTPEvent event = load("list-blogs.json");
        Map<String, String> query = new HashMap<>();
        if (limit != null) {
            query.put("limit", limit);
        }
        if (cursor != null) {
            query.put("cursor", cursor);
        }
        event.setQueryStringParameters(query);
        return new ListBlogsHandler(service).handle(event, context);
    }

    @Test
    void handleRequest_whenCreatingWithMultipartPng_returns201WithLocationEtagAndStoresThePng() throws IOException {
        APIGatewayV2HTTPResponse response = createHandler()
                .handle(load("create-blog-multipart.json"), context);

        Map<String, Object> blog = body(response);
        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(response.getHeaders())
                .containsEntry("location", "/blogs/" + blog.get("id"))
                .containsEntry("etag", "\"1\"")
                .containsEntry("content-type", "application/json");
        assertThat(blog).containsEntry("title", "A post with a picture").containsEntry("author", "alice")
                .containsEntry("content", "Multipart body with a small PNG.\r\nUTF-8: grüße ☃")
                .containsKeys("createdAt", "modifiedAt", "version");
        assertThat(images.objects()).hasSize(1);
        InMemoryImageStore.StoredObject stored = images.objects().values().iterator().next();
        assertThat(stored.contentType()).isEqualTo("image/png");
        assertThat(stored.content()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat((String) blog.get("imageUrl")).startsWith("https://images.example.test/images/").endsWith(".png");
    }

    @Test
    void handleRequest_whenGettingAPostWithoutImage_returnsItWithNullImageUrlAndEtag() throws IOException {
        APIGatewayV2HTTPResponse response = new GetBlogHandler(service).handle(load("get-blog.json"), context);

        assertThat(response.getHeaders()).containsEntry("etag", "\"1\"");
        Map<String, Object> blog = body(response);
        assertThat(blog).containsEntry("id", "00000000-0000-4000-8000-000000000001").containsEntry("imageUrl", null);
    }

    @Test
    void handleRequest_whenListing_returnsExcerptsAndFollowsCursorsToTheEnd() throws IOException {
        Map<String, Object> first = body(list("1", null));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) first.get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).containsKey("excerpt").doesNotContainKey("content");
        assertThat(items.get(0).get("title")).isEqualTo("A post to delete");

        Map<String, Object> second = body(list("1", (String) first.get("nextCursor")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> secondItems = (List<Map<String, Object>>) second.get("items");
        assertThat(secondItems.get(0).get("title")).isEqualTo("Welcome to the blog");
        assertThat((String) secondItems.get(0).get("excerpt")).hasSize(200);
        assertThat(second).containsEntry("nextCursor", null);
    }

    @Test
    void handleRequest_whenListingWithLimitAtTheBounds_acceptsOneAndHundredButNotZero() {
        assertThat(list("1", null).getStatusCode()).isEqualTo(200);
        assertThat(list("100", null).getStatusCode()).isEqualTo(200);
        assertThat(list("0", null).getStatusCode()).isEqualTo(400);
        assertThat(list("-1", null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void handleRequest_whenUpdatingWithCurrentEtag_returnsNewEtagAndTheOldEtagThenFails412() {
        UpdateBlogHandler handler = new UpdateBlogHandler(service, config);
        APIGatewayV2HTTPEvent event = load("update-blog.json");
        event.getHeaders().put("if-match", "\"1\"");

        APIGatewayV2HTTPResponse first = handler.handle(event, context);
        APIGatewayV2HTTPResponse second = handler.handle(event, context);

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getHeaders()).containsEntry("etag", "\"2\"");
        assertThat(second.getStatusCode()).isEqualTo(412);
    }

    @Test
    void handleRequest_whenDeletingAPostWithImage_removesTheObject() {
        createHandler().handle(load("create-blog-multipart.json"), context);
        String id = repository.rows().values().stream().filter(row -> row.imageKey() != null).findFirst()
                .orElseThrow().id().toString();
        APIGatewayV2HTTPEvent event = load("delete-blog.json");
        event.setPathParameters(Map.of("id", id));
        event.setRawPath("/blogs/" + id);

        APIGatewayV2HTTPResponse response = new DeleteBlogHandler(service).handle(event, context);

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(response.getBody()).isNull();
        assertThat(images.objects()).isEmpty();
        Invariant.assertHolds(repository, images);
    }

    @Test
    void handleRequest_whenTheDeletedPostsImageCannotBeRemoved_answers204AndLogsTheKeyUnderTheRequestId() {
        createHandler().handle(load("create-blog-multipart.json"), context);
        String id = repository.rows().values().stream().filter(row -> row.imageKey() != null).findFirst()
                .orElseThrow().id().toString();
        String key = repository.rows().get(UUID.fromString(id)).imageKey();
        APIGatewayV2HTTPEvent event = load("delete-blog.json");
        event.setPathParameters(Map.of("id", id));
        event.setRawPath("/blogs/" + id);
        images.failNextDelete(new IllegalStateException("S3 is unreachable"));
        TestContext deleting = new TestContext();

        APIGatewayV2HTTPResponse response = new DeleteBlogHandler(service).handle(event, deleting);

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(deleting.logs).singleElement().asString()
                .startsWith("requestId=" + deleting.getAwsRequestId() + " WARN unreferenced image left behind")
                .contains(key);
    }

    @Test
    void handleRequest_whenValidationFails_returnsProblemWithFieldErrors() throws IOException {
        APIGatewayV2HTTPResponse response = createHandler()
                .handle(load("create-blog-missing-title.json"), context);

        Map<String, Object> problem = body(response);
        assertThat(problem).containsEntry("type", "https://blog.example.com/problems/validation")
                .containsEntry("title", "The request is invalid")
                .containsEntry("status", 400)
                .containsEntry("instance", "/blogs")
                .containsEntry("errors", Map.of("title", "is required"))
                .containsKey("detail");
    }

    @Test
    void handleRequest_whenSomethingUnexpectedFails_returns500WithOnlyTheRequestIdAndLogsTheCause()
            throws IOException {
        repository.failNext(InMemoryBlogRepository.Operation.FIND,
                new IllegalStateException("secret internals: jdbc://db:5432"));

        APIGatewayV2HTTPResponse response = new GetBlogHandler(service).handle(load("get-blog.json"), context);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("secret", "jdbc", "Exception");
        assertThat(body(response)).containsEntry("requestId", context.getAwsRequestId());
        assertThat(context.logs).singleElement().asString()
                .contains(context.getAwsRequestId(), "secret internals", "IllegalStateException");
    }

    @Test
    void handleRequest_whenDatabaseIsStillResuming_returns503WithRetryAfter() {
        repository.failNext(InMemoryBlogRepository.Operation.LIST,
                new DatabaseUnavailableException("resuming", null, Duration.ofSeconds(15)));

        APIGatewayV2HTTPResponse response = list(null, null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "15");
    }

    @Test
    void handleRequest_whenIdentityComesOnlyFromSub_usesItAsAuthor() throws IOException {
        APIGatewayV2HTTPEvent event = load("create-blog-json.json");
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("sub", "user-123"));

        APIGatewayV2HTTPResponse response = createHandler().handle(event, context);

        assertThat(body(response)).containsEntry("author", "user-123");
    }
}
