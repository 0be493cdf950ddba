package com.example.blog.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.BlogLocal;

/**
 * The mistakes a new user makes, run as the user runs the commands (their own JVM): each ends at once with one line on
 * stderr that says what to do, and a non-zero exit status.
 */
class CommandLineErrorsIT {

    private static final Path ROOT = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();

    @TempDir
    Path directory;

    @Test
    void startApiAndInvoke_whenAnotherStackHoldsTheDataDirectory_sayWhoAndWhatToDo() throws Exception {
        Path data = directory.resolve("data");
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            Result startApi = run("start-api", "--port", "0", "--data-dir", data.toString(),
                    "--template", ROOT.resolve("template.yaml").toString());
            Result invoke = run("invoke", "GetBlogFunction", "--event", ROOT.resolve("events/get-blog.json").toString(),
                    "--data-dir", data.toString(), "--template", ROOT.resolve("template.yaml").toString());

            for (Result result : List.of(startApi, invoke)) {
                assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
                assertThat(result.errorLines()).as(result.stderr()).hasSize(1);
                assertThat(result.stderr()).contains(data.toString()).contains("in use")
                        .contains("pid " + ProcessHandle.current().pid()).contains("--data-dir");
                assertThat(result.stdout()).doesNotContain("Starting PostgreSQL");
            }
        }
    }

    @Test
    void startApi_whenThePortIsTaken_namesThePortAndTheOption_beforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            Result result = run("start-api", "--port", Integer.toString(port), "--data-dir",
                    directory.resolve("data").toString(), "--template", ROOT.resolve("template.yaml").toString());

            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.errorLines()).as(result.stderr()).hasSize(1);
            assertThat(result.stderr()).contains("port " + port + " is already in use").contains("--port");
            assertThat(result.stdout()).doesNotContain("Starting PostgreSQL");
        }
    }

    @Test
    void startApi_outsideTheRepository_saysWhereToRunIt() throws Exception {
        Result result = run("start-api", "--port", "0", "--data-dir", directory.resolve("data").toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.errorLines()).as(result.stderr()).hasSize(1);
        assertThat(result.stderr()).contains("no template at " + directory.resolve("template.yaml"))
                .contains("repository root").contains("--template");
    }

    @Test
    void startApi_withABadPort_failsInItsOwnJvmWithStatus2AndOneLine() throws Exception {
        Result result = run("start-api", "--port", "99999");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errorLines()).as(result.stderr()).hasSize(1);
        assertThat(result.stderr()).contains("'99999'");
    }

    private record Result(int exitCode, String stdout, String stderr) {
        /** stderr without what the JVM itself may print when JAVA_TOOL_OPTIONS is set. */
        List<String> errorLines() {
            return stderr.lines().filter(line -> !line.isBlank() && !line.startsWith("Picked up ")).toList();
        }
    }

    private Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BlogLocal.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the command did not end: " + stderr.getNow(""));
        }
        return new Result(process.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
