package com.example.blog.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.example.blog.http.Json;
import com.example.blog.async.Deadline;
import com.example.blog.service.OrphanSweeper;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryIdempotencyRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.SampleImages;
import com.example.blog.testing.TestContext;

class SweepOrphanImagesHandlerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final InMemoryBlogRepository repository = InMemoryBlogRepository.seeded();
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final InMemoryIdempotencyRepository idempotencyKeys = new InMemoryIdempotencyRepository();
    private final SweepOrphanImagesHandler handler = new SweepOrphanImagesHandler(new OrphanSweeper(repository,
            images, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC)), idempotencyKeys);

    private Map<String, Object> invoke(InputStream event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, new TestContext());
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void handleRequest_withTheScheduledSampleEvent_sweepsAndAnswersWhatItDid() throws Exception {
        images.useClock(Clock.fixed(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC));
        images.put("images/orphan.png", SampleImages.png(), "image/png", Deadline.after(Duration.ofSeconds(5)))
                .join();

        Map<String, Object> answer;
        try (InputStream event = Files.newInputStream(EventFilesTest.eventsDir()
                .resolve("scheduled/sweep-orphan-images.json"))) {
            answer = invoke(event);
        }

        assertThat(images.objects()).isEmpty();
        assertThat(answer).containsEntry("deleted", List.of("images/orphan.png")).containsEntry("complete", true)
                .containsEntry("resumeAfter", null);
    }

    @Test
    void handleRequest_deletesExpiredIdempotencyKeysAndKeepsLiveOnes() throws Exception {
        idempotencyKeys.claim("alice", "old", "f", Duration.ofSeconds(60), Duration.ofHours(24), null).join();
        idempotencyKeys.advance(Duration.ofHours(25));
        idempotencyKeys.claim("alice", "new", "f", Duration.ofSeconds(60), Duration.ofHours(24), null).join();

        Map<String, Object> answer = invoke(new ByteArrayInputStream(new byte[0]));

        assertThat(answer).containsEntry("expiredIdempotencyKeysDeleted", 1);
        assertThat(idempotencyKeys.size()).isEqualTo(1);
    }

    @Test
    void handleRequest_withStartAfter_resumesAfterThatKey() throws Exception {
        images.useClock(Clock.fixed(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC));
        for (String key : new String[] {"images/a.png", "images/b.png"}) {
            images.put(key, SampleImages.png(), "image/png", Deadline.after(Duration.ofSeconds(5))).join();
        }

        Map<String, Object> answer = invoke(new ByteArrayInputStream(
                "{\"startAfter\":\"images/a.png\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(answer).containsEntry("deleted", List.of("images/b.png"));
        assertThat(images.objects()).containsOnlyKeys("images/a.png");
    }
}
