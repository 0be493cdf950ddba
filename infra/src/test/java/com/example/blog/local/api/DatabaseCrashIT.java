package com.example.blog.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.db.EmbeddedDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * PostgreSQL killed (SIGKILL, by pid) while posts with images are being written through the API: the stack restarts
 * it, requests meanwhile get the functions' 503 with Retry-After (never a 500), and afterwards every post that was
 * answered 201 is in the table, and every image has its row and every row its image.
 */
class DatabaseCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 3;
    private static final int WRITES_BEFORE_CRASH = 12;
    private static final int WRITES_AFTER_RESTART = 9;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void postmasterKilledDuringWrites_losesNoAcknowledgedPost_andLeavesNoOrphan(@TempDir Path data) throws Exception {
        try (StackEnvironment environment = StackEnvironment.embedded(data)) {
            EmbeddedDatabase database = environment.stack().embeddedDatabase();
            String token = environment.tokenFor("alice");
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger afterRestart = new AtomicInteger();

            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        boolean restartedBefore = database.restarts() > 0;
                        HttpResponse<String> response = create(environment, token, "w" + writer + "-" + i, i);
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.statusCode() == 201) {
                            acknowledged.add(JSON.readTree(response.body()).get("id").asText());
                            if (restartedBefore) {
                                afterRestart.incrementAndGet();
                            }
                        } else if (response.statusCode() != 503
                                || response.headers().firstValue("Retry-After").isEmpty()
                                || !response.body().contains("service-unavailable")) {
                            unexpected.add(response.statusCode() + " " + response.headers().map() + " "
                                    + response.body());
                        }
                    }
                    return null;
                }));
            }

            waitFor(() -> acknowledged.size() >= WRITES_BEFORE_CRASH, Duration.ofMinutes(3), "writes before crash");
            long pid = database.postmasterPid().orElseThrow();
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            // The postmaster this test's stack started, killed by its pid as a crash would end it.
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            postmaster.onExit().get(30, TimeUnit.SECONDS);
            int acknowledgedAtCrash = acknowledged.size();

            // While the server is down, a read gets the functions' 503 with Retry-After at once, not a hang or a 500.
            // The postmaster is not this JVM's child, so onExit can report its death after the watchdog has already
            // restarted it (in a few hundred ms); then the outage is already over and the read must succeed.
            waitFor(() -> !database.isUp() || database.restarts() > 0, Duration.ofSeconds(30),
                    "the stack to notice the crash");
            HttpResponse<String> whileDown = http.send(HttpRequest.newBuilder(
                    environment.apiUrl().resolve("/blogs?limit=1")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            boolean stillDown = database.restarts() == 0;
            if (stillDown) {
                assertThat(whileDown.statusCode()).as(whileDown.body()).isEqualTo(503);
                assertThat(whileDown.headers().firstValue("Retry-After")).isPresent();
                assertThat(whileDown.body()).contains("service-unavailable");
            } else {
                assertThat(whileDown.statusCode()).as("restarted before the read was answered").isEqualTo(200);
            }

            waitFor(() -> database.restarts() == 1 && afterRestart.get() >= WRITES_AFTER_RESTART,
                    Duration.ofMinutes(3), "writes after the restart");
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writers.shutdown();

            Map<String, BlogRow> rows = environment.rows().stream()
                    .collect(Collectors.toMap(BlogRow::id, row -> row, (a, b) -> a, TreeMap::new));
            Set<String> lost = new TreeSet<>(acknowledged);
            lost.removeAll(rows.keySet());
            Set<String> referenced = rows.values().stream().map(BlogRow::imageKey)
                    .filter(key -> key != null).collect(Collectors.toCollection(TreeSet::new));
            Set<String> objects = environment.imageObjects();
            Set<String> unreferencedObjects = new TreeSet<>(objects);
            unreferencedObjects.removeAll(referenced);
            Set<String> missingObjects = new TreeSet<>(referenced);
            missingObjects.removeAll(objects);

            System.out.printf("database crash: %d posts acknowledged (%d before the kill), statuses %s, %d restart(s),"
                    + " read while down: %d%n", acknowledged.size(), acknowledgedAtCrash, new TreeMap<>(statuses),
                    database.restarts(), whileDown.statusCode());
            assertThat(unexpected).as("answers other than 201 or the functions' 503 with Retry-After").isEmpty();
            assertThat(lost).as("acknowledged posts missing after the restart").isEmpty();
            assertThat(unreferencedObjects).as("images without a row").isEmpty();
            assertThat(missingObjects).as("rows whose image is missing").isEmpty();
            assertThat(database.postmasterPid().orElseThrow()).isNotEqualTo(pid);
        }
    }

    private HttpResponse<String> create(StackEnvironment environment, String token, String title, int shade)
            throws IOException, InterruptedException {
        Multipart form = new Multipart().field("title", title).field("content", "Written around a crash")
                .file("image", "image.png", "image/png", Images.png(0x203040 + shade));
        HttpRequest request = HttpRequest.newBuilder(environment.apiUrl().resolve("/blogs"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
