package com.example.blog.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.dataapi.DataApiServer;
import com.example.blog.local.dataapi.DataApiSettings;
import com.example.blog.local.db.SharedEmbeddedDatabase;
import com.example.blog.local.s3.LocalS3;

/**
 * JavaScript clients nobody here wrote, at their default settings: the AWS SDK for JavaScript v3 (RDS Data and S3)
 * and drizzle-orm's Data API driver for PostgreSQL, which names its parameters {@code :1}, {@code :2}... The pinned
 * packages of {@code src/test/node} are installed under {@code target/}; without node or the npm registry the test
 * is skipped, saying which.
 */
class NodeClientsIT {

    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path WORK = Path.of("target", "node-clients");
    private static final String BUCKET = "blog-images";

    @TempDir
    static Path temp;

    private static DataApiServer dataApi;
    private static LocalS3 s3;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Programs.onPath("node") && Programs.onPath("npm"),
                "node and npm are not on PATH; install Node.js to run the"
                + " JavaScript client tests");
        install();
        dataApi = DataApiServer.start(DataApiSettings.builder(SharedEmbeddedDatabase.get().dataSource()).build());
        s3 = LocalS3.start(temp.resolve("s3"), 0, DataApiSettings.DEFAULT_ACCESS_KEY_ID,
                DataApiSettings.DEFAULT_SECRET_ACCESS_KEY, BUCKET);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (dataApi != null) {
            dataApi.close();
        }
    }

    @Test
    void javaScriptSdkAndDrizzle_withDefaultSettings_passEveryCheck() throws Exception {
        Run run = node(Map.of(
                "DATA_API_ENDPOINT", dataApi.endpoint().toString(),
                "CLUSTER_ARN", dataApi.clusterArn(),
                "SECRET_ARN", dataApi.secretArn(),
                "DATABASE", dataApi.database(),
                "S3_ENDPOINT", s3.endpoint().toString(),
                "BUCKET", BUCKET));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().lines().filter(line -> line.startsWith("ok ")).toList()).containsExactly(
                "ok rds-data execute-statement with named parameters",
                "ok drizzle insert returning",
                "ok drizzle select",
                "ok drizzle update returning",
                "ok drizzle delete",
                "ok drizzle transaction commit",
                "ok drizzle transaction rollback",
                "ok s3 put and get keep bytes and Content-Type",
                "ok s3 range get",
                "ok s3 head",
                "ok s3 copy",
                "ok s3 list v2 with prefix and delimiter",
                "ok s3 multipart upload",
                "ok s3 delete objects",
                "ok s3 delete");
    }

    private record Run(int exitCode, String output) {
    }

    /** Installs the pinned packages once per lock file; a later run with the same lock reuses them. */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
        Path installedLock = WORK.resolve("node_modules").resolve(".package-lock.json");
        Path marker = WORK.resolve("installed.lock");
        for (String file : List.of("package.json", "package-lock.json", "clients.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(installedLock) && Files.exists(marker)
                && java.util.Arrays.equals(Files.readAllBytes(marker), lock)) {
            return;
        }
        Path log = temp.resolve("npm.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = npm.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            npm.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assumeTrue(done && npm.exitValue() == 0, "npm could not install the JavaScript clients (is the npm registry"
                + " reachable?): " + output.strip().lines().reduce((first, second) -> second).orElse(""));
        Files.write(marker, lock);
    }

    private static Run node(Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", "clients.mjs").directory(WORK.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", DataApiSettings.DEFAULT_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", DataApiSettings.DEFAULT_SECRET_ACCESS_KEY);
        env.put("AWS_REGION", DataApiSettings.DEFAULT_REGION);
        env.put("AWS_MAX_ATTEMPTS", "1");
        // Keep whatever profile the machine has out of the test.
        Path empty = Files.createFile(temp.resolve("aws-config"));
        env.put("AWS_CONFIG_FILE", empty.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", empty.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(variables);
        Path log = temp.resolve("node.log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("node did not finish within 3 minutes:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
