package com.example.blog.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The local Lambda running a real function process through the runtime interface client. */
class LocalLambdaIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private LocalLambda lambda;

    @BeforeEach
    void startLambda() throws Exception {
        Path taskRoot = TaskRoot.prepare(ProbeArtifact.build(directory), directory.resolve("task"));
        RuntimeSettings settings = new RuntimeSettings(taskRoot, RuntimeJars.install(directory.resolve("runtime/lib")),
                RuntimeSettings.currentJava(), "us-east-1", "000000000000",
                Map.of("AWS_ACCESS_KEY_ID", "blog-local", "BLOG_FROM_SERVICE", "service"), 2, Duration.ofSeconds(5),
                console::add);
        lambda = new LocalLambda(settings, List.of(
                new FunctionSpec("ProbeFunction", ProbeArtifact.HANDLER, 256, 30,
                        Map.of("BLOG_FROM_TEMPLATE", "template", "AWS_REGION", "eu-west-3")),
                new FunctionSpec("ShortFunction", ProbeArtifact.HANDLER, 128, 1, Map.of()),
                new FunctionSpec("MissingFunction", "com.example.NoSuchHandler::handleRequest", 128, 3, Map.of())));
    }

    @AfterEach
    void stopLambda() {
        lambda.close();
    }

    @Test
    void invoke_returnsTheHandlersResponse_andReusesTheWarmInstance() throws Exception {
        InvocationResult cold = invoke("ProbeFunction", "{\"action\":\"echo\",\"n\":1}");
        InvocationResult warm = invoke("ProbeFunction", "{\"action\":\"echo\",\"n\":2}");

        assertThat(cold.status()).isEqualTo(InvocationResult.Status.SUCCESS);
        JsonNode first = JSON.readTree(cold.payload());
        JsonNode second = JSON.readTree(warm.payload());
        assertThat(first.at("/event/n").asInt()).isEqualTo(1);
        assertThat(first.get("requestId").asText()).isEqualTo(cold.requestId());
        assertThat(first.get("functionName").asText()).isEqualTo("ProbeFunction");
        assertThat(first.get("memoryLimitInMB").asInt()).isEqualTo(256);
        assertThat(first.get("invokedFunctionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:ProbeFunction");
        assertThat(first.get("remainingTimeInMillis").asLong()).isPositive().isLessThanOrEqualTo(30_000);
        assertThat(second.get("pid").asLong()).isEqualTo(first.get("pid").asLong());
        assertThat(second.get("invocation").asInt()).isEqualTo(2);
        assertThat(cold.initDurationMillis()).isPresent();
        assertThat(warm.initDurationMillis()).isEmpty();
        assertThat(cold.maxMemoryUsedMb()).isPositive();
        assertThat(cold.reportLine()).matches("REPORT RequestId: " + cold.requestId()
                + "\tDuration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 256 MB"
                + "\tMax Memory Used: \\d+ MB\tInit Duration: \\d+\\.\\d\\d ms");
        assertThat(console).contains("[ProbeFunction] START RequestId: " + cold.requestId() + " Version: $LATEST",
                "[ProbeFunction] probe handling echo as invocation 1", "[ProbeFunction] " + cold.reportLine());
    }

    @Test
    void invoke_givesTheFunctionItsEnvironmentAndHeap_withLambdasVariablesWinning() throws Exception {
        InvocationResult result = invoke("ProbeFunction", "{\"environment\":[\"BLOG_FROM_TEMPLATE\","
                + "\"BLOG_FROM_SERVICE\",\"AWS_REGION\",\"AWS_LAMBDA_FUNCTION_NAME\",\"AWS_LAMBDA_FUNCTION_MEMORY_SIZE\","
                + "\"LAMBDA_TASK_ROOT\",\"_HANDLER\",\"AWS_ACCESS_KEY_ID\",\"HOME\"]}");

        JsonNode environment = JSON.readTree(result.payload()).get("environment");
        assertThat(environment.get("BLOG_FROM_TEMPLATE").asText()).isEqualTo("template");
        assertThat(environment.get("BLOG_FROM_SERVICE").asText()).isEqualTo("service");
        assertThat(environment.get("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(environment.get("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("ProbeFunction");
        assertThat(environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
        assertThat(environment.get("_HANDLER").asText()).isEqualTo(ProbeArtifact.HANDLER);
        assertThat(environment.get("AWS_ACCESS_KEY_ID").asText()).isEqualTo("blog-local");
        assertThat(environment.get("LAMBDA_TASK_ROOT").asText()).startsWith(directory.resolve("task").toString());
        assertThat(System.getenv("HOME")).as("precondition: the host has HOME").isNotNull();
        assertThat(environment.path("HOME").isTextual()).as("the host's environment stays out").isFalse();
        assertThat(JSON.readTree(result.payload()).get("maxHeapMb").asLong()).isBetween(200L, 220L);
    }

    @Test
    void invoke_whenTheHandlerThrows_returnsTheRuntimesErrorDocument_andKeepsTheInstance() throws Exception {
        InvocationResult failed = invoke("ProbeFunction", "{\"action\":\"throw\"}");
        InvocationResult next = invoke("ProbeFunction", "{\"action\":\"echo\"}");

        assertThat(failed.status()).isEqualTo(InvocationResult.Status.FUNCTION_ERROR);
        JsonNode error = JSON.readTree(failed.payload());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("probe failed on purpose");
        assertThat(next.status()).isEqualTo(InvocationResult.Status.SUCCESS);
        assertThat(JSON.readTree(next.payload()).get("invocation").asInt()).isEqualTo(2);
    }

    @Test
    void invoke_whenTheFunctionOverrunsItsTimeout_stopsTheInstanceAndTheNextEventGetsANewOne() throws Exception {
        InvocationResult timedOut = invoke("ShortFunction", "{\"action\":\"sleep\",\"millis\":60000}");
        InvocationResult next = invoke("ShortFunction", "{\"action\":\"echo\"}");

        assertThat(timedOut.status()).isEqualTo(InvocationResult.Status.TIMEOUT);
        assertThat(JSON.readTree(timedOut.payload()).get("errorMessage").asText())
                .endsWith(timedOut.requestId() + " Task timed out after 1.00 seconds");
        assertThat(next.status()).isEqualTo(InvocationResult.Status.SUCCESS);
        assertThat(JSON.readTree(next.payload()).get("invocation").asInt()).as("a fresh instance").isEqualTo(1);
        assertThat(next.initDurationMillis()).isPresent();
    }

    @Test
    void invoke_whenTheProcessDies_reportsARuntimeExitError() throws Exception {
        InvocationResult died = invoke("ProbeFunction", "{\"action\":\"exit\"}");

        assertThat(died.status()).isEqualTo(InvocationResult.Status.RUNTIME_ERROR);
        assertThat(JSON.readTree(died.payload()).get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(invoke("ProbeFunction", "{}").status()).isEqualTo(InvocationResult.Status.SUCCESS);
    }

    @Test
    void invoke_whenTheHandlerClassDoesNotExist_returnsTheRuntimesClassNotFoundError() throws Exception {
        InvocationResult result = invoke("MissingFunction", "{}");

        // The Java runtime defers a missing handler class to the first invocation, as on Lambda.
        assertThat(result.status()).isEqualTo(InvocationResult.Status.FUNCTION_ERROR);
        assertThat(JSON.readTree(result.payload()).get("errorType").asText())
                .isEqualTo("java.lang.ClassNotFoundException");
    }

    @Test
    void invoke_withMoreConcurrentEventsThanInstances_queuesThemOnAtMostTheLimit() throws Exception {
        List<CompletableFuture<InvocationResult>> calls = List.of(
                lambda.invoke("ProbeFunction", bytes("{\"action\":\"sleep\",\"millis\":500}")),
                lambda.invoke("ProbeFunction", bytes("{\"action\":\"sleep\",\"millis\":500}")),
                lambda.invoke("ProbeFunction", bytes("{\"action\":\"sleep\",\"millis\":500}")),
                lambda.invoke("ProbeFunction", bytes("{\"action\":\"sleep\",\"millis\":500}")));

        List<Long> pids = calls.stream().map(CompletableFuture::join)
                .peek(result -> assertThat(result.status()).as(result.payloadAsString() + console)
                        .isEqualTo(InvocationResult.Status.SUCCESS))
                .map(result -> readTree(result.payload()).get("pid").asLong()).toList();
        assertThat(pids.stream().distinct().count()).isEqualTo(2);
    }

    @Test
    void close_sendsSigtermSoTheFunctionsShutdownHookRuns() throws Exception {
        InvocationResult result = invoke("ProbeFunction", "{}");
        long pid = JSON.readTree(result.payload()).get("pid").asLong();

        lambda.close();

        assertThat(console).as(console.toString()).contains("[ProbeFunction] probe shutdown hook ran in pid " + pid);
        assertThat(ProcessHandle.of(pid)).isEmpty();
    }

    @Test
    void invoke_withAnEventOverTheSynchronousPayloadLimit_isRejectedWithoutRunningTheFunction() throws Exception {
        byte[] event = new byte[6 * 1024 * 1024 + 1];

        InvocationResult result = lambda.invoke("ProbeFunction", event).join();

        assertThat(result.status()).isEqualTo(InvocationResult.Status.REQUEST_TOO_LARGE);
        assertThat(console).noneMatch(line -> line.contains("START RequestId"));
    }

    private InvocationResult invoke(String function, String event) {
        return lambda.invoke(function, bytes(event)).join();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
