package com.example.blog.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Lambda Managed Instances emulated: one execution environment (one JVM) runs several events at once through the
 * Runtime API, each on its own runtime thread, as the runtime interface client does when told
 * AWS_LAMBDA_MAX_CONCURRENCY.
 */
class ManagedInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONCURRENCY = 4;

    @TempDir
    Path directory;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private LocalLambda lambda;

    @AfterEach
    void stopLambda() {
        if (lambda != null) {
            lambda.close();
        }
    }

    @Test
    void invoke_withMaxConcurrency_runsThatManyEventsAtOnceInOneEnvironment() throws Exception {
        FunctionJdk jdk = FunctionJdk.locate();
        start(jdk.javaExecutable(), CONCURRENCY);

        List<CompletableFuture<InvocationResult>> calls = IntStream.range(0, CONCURRENCY)
                .mapToObj(i -> lambda.invoke("ProbeFunction", bytes("{\"action\":\"rendezvous\",\"parties\":"
                        + CONCURRENCY + ",\"environment\":[\"AWS_LAMBDA_MAX_CONCURRENCY\"]}")))
                .toList();
        List<JsonNode> answers = calls.stream().map(CompletableFuture::join).map(this::payload).toList();

        // Each event waited inside the handler until all of them were there: they ran at the same time.
        assertThat(answers).allSatisfy(answer -> assertThat(answer.get("met").asBoolean()).isTrue());
        assertThat(answers.stream().map(answer -> answer.get("pid").asLong()).distinct()).hasSize(1);
        Set<String> threads = answers.stream().map(answer -> answer.get("thread").asText())
                .collect(Collectors.toSet());
        assertThat(threads).hasSize(CONCURRENCY);
        assertThat(answers).allSatisfy(answer -> assertThat(
                answer.at("/environment/AWS_LAMBDA_MAX_CONCURRENCY").asText()).isEqualTo("4"));
        assertThat(answers.stream().map(answer -> answer.get("requestId").asText()).distinct())
                .hasSize(CONCURRENCY);
        if (!jdk.fallback()) {
            assertThat(answers.get(0).get("javaVersion").asText()).startsWith("25");
        }
    }

    @Test
    void invoke_beyondTheEnvironmentsConcurrency_waitsForAFreeSlotInsteadOfOverfillingIt() throws Exception {
        start(RuntimeSettings.currentJava(), 2);

        // Three parties in an environment of two: the third only starts after one of the first two gave up waiting.
        List<CompletableFuture<InvocationResult>> calls = IntStream.range(0, 3)
                .mapToObj(i -> lambda.invoke("ProbeFunction",
                        bytes("{\"action\":\"rendezvous\",\"parties\":3}")))
                .toList();
        List<JsonNode> answers = calls.stream().map(CompletableFuture::join).map(this::payload).toList();

        assertThat(answers.stream().filter(answer -> !answer.get("met").asBoolean())).hasSizeGreaterThanOrEqualTo(1);
        assertThat(answers.stream().map(answer -> answer.get("pid").asLong()).distinct()).hasSize(1);
    }

    @Test
    void invoke_withoutMaxConcurrency_keepsOneEventPerEnvironment() throws Exception {
        start(RuntimeSettings.currentJava(), 1);

        List<CompletableFuture<InvocationResult>> calls = IntStream.range(0, 2)
                .mapToObj(i -> lambda.invoke("ProbeFunction", bytes("{\"action\":\"sleep\",\"millis\":2000,"
                        + "\"environment\":[\"AWS_LAMBDA_MAX_CONCURRENCY\"]}")))
                .toList();
        List<JsonNode> answers = calls.stream().map(CompletableFuture::join).map(this::payload).toList();

        // The second event does not share the busy environment: it gets one of its own (the pool allows two).
        assertThat(answers.stream().map(answer -> answer.get("pid").asLong()).distinct()).hasSize(2);
        assertThat(answers).allSatisfy(answer -> assertThat(
                answer.at("/environment/AWS_LAMBDA_MAX_CONCURRENCY").isTextual()).isFalse());
    }

    private void start(Path java, int concurrency) throws Exception {
        Path taskRoot = TaskRoot.prepare(ProbeArtifact.build(directory), directory.resolve("task"));
        int instances = concurrency == 1 ? 2 : 1;
        RuntimeSettings settings = new RuntimeSettings(taskRoot, RuntimeJars.install(directory.resolve("runtime/lib")),
                java, "us-east-1", "000000000000", Map.of(), instances, concurrency, Duration.ofSeconds(5),
                console::add);
        lambda = new LocalLambda(settings, List.of(
                new FunctionSpec("ProbeFunction", ProbeArtifact.HANDLER, 256, 60, Map.of())));
    }

    private JsonNode payload(InvocationResult result) {
        assertThat(result.status()).as(result.payloadAsString()).isEqualTo(InvocationResult.Status.SUCCESS);
        try {
            return JSON.readTree(result.payload());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
