package com.example.blog.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.config.BlogConfig;
import com.example.blog.http.IdempotentRequests;
import com.example.blog.repository.BlogRecord;
import com.example.blog.repository.BlogRepository;
import com.example.blog.repository.BlogSummaryRecord;
import com.example.blog.repository.BlogUpdate;
import com.example.blog.repository.NewBlog;
import com.example.blog.repository.PageCursor;
import com.example.blog.service.BlogService;
import com.example.blog.async.Deadline;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryIdempotencyRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.Invariant;
import com.example.blog.testing.TestContext;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * Lambda Managed Instances runs many invocations at once in one environment, each on its own runtime thread, through
 * the same handler instances. Every invocation must keep its own caller, deadline, request id and log lines.
 */
class ConcurrentInvocationsTest {

    private static final int THREADS = 32;
    private static final int INVOCATIONS = 320;
    /** find() of this id fails as an unexpected error would, giving a 500 that must carry its own request id. */
    private static final UUID FAILING = UUID.fromString("00000000-0000-4000-8000-00000000dead");

    private final ExecutorService runtimeThreads = Executors.newFixedThreadPool(THREADS);
    private final InMemoryBlogRepository rows = InMemoryBlogRepository.seeded();
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final Map<String, Duration> deadlineSeenByTitle = new ConcurrentHashMap<>();
    private final BlogService service = new BlogService(new Observed(rows), images);

    @AfterEach
    void stopThreads() {
        runtimeThreads.shutdownNow();
    }

    @Test
    void handleRequest_fromManyThreadsAtOnce_keepsEachInvocationsCallerDeadlineRequestIdAndLogs() throws Exception {
        CreateBlogHandler create = new CreateBlogHandler(service, BlogConfig.fromMap(Map.of()),
                new IdempotentRequests(new InMemoryIdempotencyRepository()));
        GetBlogHandler get = new GetBlogHandler(service);
        byte[] createTemplate = Files.readAllBytes(EventFilesTest.eventsDir().resolve("create-blog-json.json"));
        byte[] getTemplate = Files.readAllBytes(EventFilesTest.eventsDir().resolve("get-blog.json"));
        CountDownLatch start = new CountDownLatch(1);

        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            int n = i;
            outcomes.add(runtimeThreads.submit(() -> {
                start.await();
                // Deadlines a whole second apart: any sharing between invocations would show.
                TestContext context = new TestContext("request-" + n, 20_000 + n * 1000);
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                if (n % 2 == 0) {
                    APIGatewayV2HTTPEvent event = RuntimeSerializers.EVENT.fromJson(
                            new ByteArrayInputStream(createTemplate));
                    event.setBody("{\"title\":\"post " + n + "\",\"content\":\"by user " + n + "\"}");
                    event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("username", "user-" + n));
                    create.handleRequest(asJson(event), output, context);
                } else {
                    APIGatewayV2HTTPEvent event = RuntimeSerializers.EVENT.fromJson(
                            new ByteArrayInputStream(getTemplate));
                    event.setPathParameters(Map.of("id", FAILING.toString()));
                    get.handleRequest(asJson(event), output, context);
                }
                return new Outcome(n, context, RuntimeSerializers.RESPONSE.fromJson(
                        new ByteArrayInputStream(output.toByteArray())));
            }));
        }
        start.countDown();

        for (Future<Outcome> future : outcomes) {
            Outcome outcome = future.get(60, TimeUnit.SECONDS);
            int n = outcome.n();
            Map<String, Object> body = JSON.std.mapFrom(outcome.response().getBody());
            if (n % 2 == 0) {
                assertThat(outcome.response().getStatusCode()).isEqualTo(201);
                assertThat(body).containsEntry("author", "user-" + n).containsEntry("title", "post " + n);
                Duration expected = Duration.ofMillis(20_000 + n * 1000L).minus(Deadline.SAFETY_MARGIN);
                assertThat(deadlineSeenByTitle.get("post " + n))
                        .isLessThanOrEqualTo(expected).isGreaterThan(expected.minusMillis(900));
                assertThat(outcome.context().logs).isEmpty();
            } else {
                assertThat(outcome.response().getStatusCode()).isEqualTo(500);
                assertThat(body).containsEntry("requestId", "request-" + n);
                assertThat(outcome.context().logs).singleElement().asString()
                        .contains("requestId=request-" + n + " ");
            }
        }
        assertThat(rows.rows()).hasSize(2 + INVOCATIONS / 2);
        Invariant.assertHolds(rows, images);
    }

    private static ByteArrayInputStream asJson(APIGatewayV2HTTPEvent event) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        RuntimeSerializers.EVENT.toJson(event, json);
        return new ByteArrayInputStream(json.toByteArray());
    }

    private record Outcome(int n, TestContext context, APIGatewayV2HTTPResponse response) {
    }

    /** The in-memory table, noting the deadline each insert was given and failing reads of {@link #FAILING}. */
    private final class Observed implements BlogRepository {

        private final BlogRepository rows;

        Observed(BlogRepository rows) {
            this.rows = rows;
        }

        @Override
        public CompletableFuture<List<BlogSummaryRecord>> list(int limit, PageCursor after, Deadline deadline) {
            return rows.list(limit, after, deadline);
        }

        @Override
        public CompletableFuture<Optional<BlogRecord>> find(UUID id, Deadline deadline) {
            if (id.equals(FAILING)) {
                return CompletableFuture.failedFuture(new IllegalStateException("internal failure for " + id));
            }
            return rows.find(id, deadline);
        }

        @Override
        public CompletableFuture<BlogRecord> insert(NewBlog blog, Deadline deadline) {
            deadlineSeenByTitle.put(blog.title(), deadline.remaining());
            // Completed on another thread, as the SDK's callbacks are: the rest of the chain runs there.
            return CompletableFuture.supplyAsync(() -> rows.insert(blog, deadline).join());
        }

        @Override
        public CompletableFuture<Optional<BlogRecord>> update(BlogUpdate update, Deadline deadline) {
            return rows.update(update, deadline);
        }

        @Override
        public CompletableFuture<Boolean> delete(UUID id, long expectedVersion, Deadline deadline) {
            return rows.delete(id, expectedVersion, deadline);
        }

        @Override
        public CompletableFuture<Void> deleteById(UUID id, Deadline deadline) {
            return rows.deleteById(id, deadline);
        }

        @Override
        public CompletableFuture<List<String>> imageKeysBetween(String prefix, String after, String upTo, int limit,
                                                                Deadline deadline) {
            return rows.imageKeysBetween(prefix, after, upTo, limit, deadline);
        }
    }

}
