package com.example.blog.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.example.blog.config.BlogConfig;
import com.example.blog.http.BlogForms;
import com.example.blog.http.IdempotentRequests;
import com.example.blog.http.Json;
import com.example.blog.repository.DatabaseUnavailableException;
import com.example.blog.service.BlogDraft;
import com.example.blog.service.BlogService;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryIdempotencyRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.TestContext;

/** POST /blogs with {@code Idempotency-Key}: one post per key, whatever the number of retries. */
class CreateBlogIdempotencyTest {

    private final InMemoryBlogRepository repository = InMemoryBlogRepository.seeded();
    private final InMemoryIdempotencyRepository keys = new InMemoryIdempotencyRepository();
    private final CreateBlogHandler handler = new CreateBlogHandler(
            new BlogService(repository, new InMemoryImageStore()), BlogConfig.fromMap(Map.of()),
            new IdempotentRequests(keys));
    private final TestContext context = new TestContext();
    private final int seeded = repository.rows().size();

    private static APIGatewayV2HTTPEvent event() {
        return EventLoader.loadApiGatewayHttpEvent(
                EventFilesTest.eventsDir().resolve("create-blog-idempotency-key.json").toString());
    }

    private static APIGatewayV2HTTPEvent withKey(APIGatewayV2HTTPEvent event, String key) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("idempotency-key", key);
        event.setHeaders(headers);
        return event;
    }

    private static Map<String, Object> body(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.parseObject(response.getBody());
    }

    @Test
    void handleRequest_whenRetriedWithSameKeyAndBody_returnsTheFirstResponseAndMakesOnePost() throws IOException {
        APIGatewayV2HTTPResponse first = handler.handle(event(), context);
        APIGatewayV2HTTPResponse retry = handler.handle(event(), context);

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(retry.getStatusCode()).isEqualTo(201);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders()).containsEntry("location", first.getHeaders().get("location"))
                .containsEntry("etag", "\"1\"").containsEntry("content-type", "application/json");
        assertThat(repository.rows()).hasSize(seeded + 1);
    }

    @Test
    void handleRequest_whenKeyIsReusedWithAnotherBody_returns422AndMakesNoPost() throws IOException {
        handler.handle(event(), context);
        APIGatewayV2HTTPEvent other = event();
        other.setBody("{\"title\": \"Another post\", \"content\": \"Same key, other body.\"}");

        APIGatewayV2HTTPResponse response = handler.handle(other, context);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(body(response)).containsEntry("type", "https://blog.example.com/problems/idempotency-key-reused");
        assertThat(repository.rows()).hasSize(seeded + 1);
    }

    @Test
    void handleRequest_whenTheFirstRequestIsStillRunning_returns409WithRetryAfter() throws IOException {
        // The first request's claim, as it stands while that request runs in another environment.
        BlogDraft draft = new BlogForms(BlogConfig.fromMap(Map.of()).imageMaxBytes()).parse(event(), false);
        keys.claim("alice", "5f0c6b8e-2d4a-4c1e-9b7f-3a2d1c0e9f8b", IdempotentRequests.fingerprint(draft),
                Duration.ofSeconds(60), Duration.ofHours(24), null).join();

        APIGatewayV2HTTPResponse response = handler.handle(event(), context);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getHeaders()).containsEntry("retry-after", "1");
        assertThat(body(response)).containsEntry("type", "https://blog.example.com/problems/idempotency-key-in-use");
        assertThat(repository.rows()).hasSize(seeded);
    }

    @Test
    void handleRequest_whenTheFirstAttemptFails_releasesTheKeySoTheRetryRuns() {
        repository.failNext(InMemoryBlogRepository.Operation.INSERT,
                new DatabaseUnavailableException("resuming", null, Duration.ofSeconds(15)));

        APIGatewayV2HTTPResponse failed = handler.handle(event(), context);
        APIGatewayV2HTTPResponse retry = handler.handle(event(), context);

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(retry.getStatusCode()).isEqualTo(201);
        assertThat(repository.rows()).hasSize(seeded + 1);
    }

    @Test
    void handleRequest_whenAnAbandonedClaimOutlivesItsLease_theRetryRuns() {
        keys.claim("alice", "5f0c6b8e-2d4a-4c1e-9b7f-3a2d1c0e9f8b", "whatever the dead request sent",
                Duration.ofSeconds(60), Duration.ofHours(24), null).join();
        keys.advance(Duration.ofSeconds(61));

        APIGatewayV2HTTPResponse response = handler.handle(event(), context);

        assertThat(response.getStatusCode()).isEqualTo(201);
    }

    @Test
    void handleRequest_whenTheKeyHasExpired_runsAgain() throws IOException {
        APIGatewayV2HTTPResponse first = handler.handle(event(), context);
        keys.advance(Duration.ofHours(25));

        APIGatewayV2HTTPResponse later = handler.handle(event(), context);

        assertThat(later.getStatusCode()).isEqualTo(201);
        assertThat(body(later).get("id")).isNotEqualTo(body(first).get("id"));
    }

    @Test
    void handleRequest_whenAnotherAuthorUsesTheSameKey_makesTheirOwnPost() throws IOException {
        APIGatewayV2HTTPResponse alices = handler.handle(event(), context);
        APIGatewayV2HTTPEvent bobs = event();
        bobs.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("sub", "bob"));

        APIGatewayV2HTTPResponse response = handler.handle(bobs, context);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(body(response)).containsEntry("author", "bob");
        assertThat(body(response).get("id")).isNotEqualTo(body(alices).get("id"));
    }

    @Test
    void handleRequest_whenTheKeyIsUnquotedToken_acceptsIt() {
        APIGatewayV2HTTPResponse response = handler.handle(withKey(event(), "abc-123_XYZ"), context);

        assertThat(response.getStatusCode()).isEqualTo(201);
    }

    @Test
    void handleRequest_whenTheKeyIsMalformed_returns400AndMakesNoPost() throws IOException {
        for (String key : new String[] {"\"\"", "\"unterminated", "two words", "\"" + "k".repeat(256) + "\"",
                "\"bad \\escape\"", "\"caf\u00e9\""}) {
            APIGatewayV2HTTPResponse response = handler.handle(withKey(event(), key), context);

            assertThat(response.getStatusCode()).as(key).isEqualTo(400);
            assertThat(body(response)).as(key).containsKey("errors");
        }
        assertThat(repository.rows()).hasSize(seeded);
        assertThat(keys.size()).isZero();
    }

    @Test
    void handleRequest_withoutKey_createsOnEveryCall() {
        APIGatewayV2HTTPEvent event = event();
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("idempotency-key");
        event.setHeaders(headers);

        handler.handle(event, context);
        handler.handle(event, context);

        assertThat(repository.rows()).hasSize(seeded + 2);
        assertThat(keys.size()).isZero();
    }
}
