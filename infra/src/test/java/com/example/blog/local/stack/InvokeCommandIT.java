package com.example.blog.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.BlogLocal;
import com.example.blog.local.runtime.ProbeArtifact;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code blog-local invoke}, run as a user runs it: its own JVM, stdout and stderr read separately. */
class InvokeCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void invoke_printsOnlyTheResponseOnStdout_andTheReportAndShutdownHookOnStderr() throws Exception {
        Files.copy(ProbeArtifact.build(Files.createDirectories(directory.resolve("build"))),
                directory.resolve("probe.zip"));
        Files.writeString(directory.resolve("template.yaml"), """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  ProbeFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: probe.zip
                      Handler: %s
                      MemorySize: 256
                      Timeout: 10
                      Environment:
                        Variables:
                          BUCKET_NAME: !Ref Bucket
                  Bucket:
                    Type: AWS::S3::Bucket
                """.formatted(ProbeArtifact.HANDLER));
        Files.writeString(directory.resolve("event.json"), "{\"action\":\"echo\",\"environment\":[\"BUCKET_NAME\"]}");

        Result result = run(List.of("invoke", "ProbeFunction", "--event", "event.json", "--data-dir", "data"), null);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode response = JSON.readTree(result.stdout());
        assertThat(response.at("/event/action").asText()).isEqualTo("echo");
        assertThat(response.at("/environment/BUCKET_NAME").asText()).isEqualTo("blog-images");
        assertThat(result.stdout().strip().lines()).hasSize(1);
        String requestId = response.get("requestId").asText();
        assertThat(result.stderr()).containsPattern("REPORT RequestId: " + requestId
                + "\tDuration: [\\d.]+ ms\tBilled Duration: \\d+ ms\tMemory Size: 256 MB\tMax Memory Used: \\d+ MB"
                + "\tInit Duration: [\\d.]+ ms");
        assertThat(result.stderr()).contains("probe shutdown hook ran in pid " + response.get("pid").asText());
        assertThat(result.stderr().indexOf("probe shutdown hook ran"))
                .as("the hook runs when the stack ends the runtime, after the invocation")
                .isGreaterThan(result.stderr().indexOf("REPORT RequestId"));
    }

    @Test
    void invoke_theRealGetBlogFunction_readsASeededPostFromStdin() throws Exception {
        Path root = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();
        Path artifact = root.resolve("functions/target/blog-functions.zip");
        assumeTrue(Files.isRegularFile(artifact), "the deployment artifact is built by the functions module first: "
                + artifact);
        String event = """
                {"version":"2.0","routeKey":"GET /blogs/{id}","rawPath":"/blogs/00000000-0000-4000-8000-000000000001",
                 "rawQueryString":"","headers":{"host":"localhost"},
                 "pathParameters":{"id":"00000000-0000-4000-8000-000000000001"},
                 "requestContext":{"accountId":"000000000000","apiId":"local","http":{"method":"GET",
                 "path":"/blogs/00000000-0000-4000-8000-000000000001","protocol":"HTTP/1.1","sourceIp":"127.0.0.1",
                 "userAgent":"test"},"requestId":"r1","routeKey":"GET /blogs/{id}","stage":"$default",
                 "time":"12/Mar/2026:19:03:58 +0000","timeEpoch":1773342238000},"isBase64Encoded":false}
                """;

        Result result = run(List.of("invoke", "GetBlogFunction", "--event", "-", "--data-dir",
                directory.resolve("data").toString(), "--template", root.resolve("template.yaml").toString()), event);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode response = JSON.readTree(result.stdout());
        assertThat(response.get("statusCode").asInt()).as(result.stdout()).isEqualTo(200);
        assertThat(JSON.readTree(response.get("body").asText()).get("title").asText())
                .isEqualTo("Welcome to the blog");
        assertThat(result.stderr()).contains("[GetBlogFunction] REPORT RequestId: ");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result run(List<String> arguments, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BlogLocal.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("invoke did not finish: " + stderr.getNow(""));
        }
        return new Result(process.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
