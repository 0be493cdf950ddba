package com.example.blog.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.example.blog.config.BlogConfig;
import com.example.blog.http.IdempotentRequests;
import com.example.blog.http.ProblemType;
import com.example.blog.service.BlogService;
import com.example.blog.service.ImageUploads;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryIdempotencyRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.Invariant;
import com.example.blog.testing.TestContext;

/**
 * Every file in events/ goes through the handler of its route against the seeded in-memory table and bucket (the
 * same seed rows the local stack inserts), and must produce the status listed in events/expected-status.properties.
 * A new event file without an expected status, or a listed file that disappeared, fails the build.
 */
class EventFilesTest {

    private static final Map<String, Integer> EXPECTED_STATUS = expectedStatus();

    static Path eventsDir() {
        return Path.of(System.getProperty("blog.events.dir", "../events"));
    }

    /** The shared table in events/expected-status.properties, which the local stack's invoke tests read too. */
    private static Map<String, Integer> expectedStatus() {
        Properties table = new Properties();
        try (Reader reader = Files.newBufferedReader(eventsDir().resolve("expected-status.properties"))) {
            table.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table.stringPropertyNames().stream()
                .collect(Collectors.toUnmodifiableMap(name -> name, name -> Integer.valueOf(table.getProperty(name))));
    }

    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(eventsDir())) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .sorted().toList().stream();
        }
    }

    @Test
    void everyEventFileHasAnExpectedStatusAndEveryExpectationHasAFile() throws IOException {
        Set<String> files = eventFiles().collect(Collectors.toCollection(TreeSet::new));
        assertThat(files).containsExactlyInAnyOrderElementsOf(EXPECTED_STATUS.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void handleRequest_returnsTheExpectedStatusForEachEventFile(String file) throws IOException {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(eventsDir().resolve(file).toString());
        InMemoryBlogRepository repository = InMemoryBlogRepository.seeded();
        InMemoryImageStore images = new InMemoryImageStore();

        // Through the runtime's side of the handler: the file's bytes in, JSON out, read back by the runtime's own
        // serializer as API Gateway would receive it.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream input = Files.newInputStream(eventsDir().resolve(file))) {
            handlerFor(event, repository, images).handleRequest(input, output, new TestContext());
        }
        APIGatewayV2HTTPResponse response = RuntimeSerializers.RESPONSE.fromJson(
                new ByteArrayInputStream(output.toByteArray()));

        assertThat(EXPECTED_STATUS).containsKey(file);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(EXPECTED_STATUS.get(file));
        if (response.getStatusCode() >= 400) {
            assertThat(response.getHeaders()).containsEntry("content-type", "application/problem+json");
            assertThat(response.getBody()).contains("\"type\":\"" + ProblemType.BASE_URI);
        }
        assertThat(event.getRouteKey()).isEqualTo(event.getRequestContext().getRouteKey());
        Invariant.assertHolds(repository, images);
    }

    static RequestStreamHandler handlerFor(APIGatewayV2HTTPEvent event, InMemoryBlogRepository repository,
                                           InMemoryImageStore images) {
        BlogConfig config = BlogConfig.fromMap(Map.of());
        ImageUploads uploads = new ImageUploads(images, config.uploadMaxBytes(), config.uploadTtl());
        BlogService service = new BlogService(repository, images, uploads);
        return switch (event.getRouteKey()) {
            case "POST /uploads" -> new CreateUploadHandler(uploads);
            case "GET /blogs" -> new ListBlogsHandler(service);
            case "GET /blogs/{id}" -> new GetBlogHandler(service);
            case "POST /blogs" -> new CreateBlogHandler(service, config,
                    new IdempotentRequests(new InMemoryIdempotencyRepository()));
            case "PUT /blogs/{id}" -> new UpdateBlogHandler(service, config);
            case "DELETE /blogs/{id}" -> new DeleteBlogHandler(service);
            default -> throw new IllegalArgumentException("No handler for route " + event.getRouteKey());
        };
    }
}
