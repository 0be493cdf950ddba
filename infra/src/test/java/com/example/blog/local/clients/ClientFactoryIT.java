package com.example.blog.local.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.config.ClientFactory;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.stack.LocalStackOptions;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The functions' {@link ClientFactory} with the real SDK clients against the local stack's Data API and S3: what
 * SnapStart priming does around a snapshot (close everything, reopen what was open) and what the JVM's shutdown hook
 * does when a function's environment ends.
 */
class ClientFactoryIT {

    private static final long CHILD_LIMIT_SECONDS = 60;

    @TempDir
    static Path data;

    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws IOException {
        Path root = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();
        Path artifact = root.resolve("functions/target/blog-functions.zip");
        assumeTrue(Files.isRegularFile(artifact), "the functions module builds the artifact first: " + artifact);
        stack = LocalStack.start(LocalStackOptions.builder(root).dataDirectory(data).withoutGateway().build());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** What Lambda and the local stack give a function, minus the handler's own settings. */
    private static Map<String, String> functionEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>(
                LocalStack.serviceEnvironment(stack.dataApiEndpoint(), stack.s3Endpoint()));
        environment.put("AWS_REGION", stack.region());
        return environment;
    }

    private static CompletableFuture<ExecuteStatementResponse> selectOne(RdsDataAsyncClient client) {
        return client.executeStatement(request -> request.resourceArn(stack.clusterArn())
                .secretArn(stack.secretArn()).database(stack.database()).sql("select 1"));
    }

    private static void assertWorks(RdsDataAsyncClient rdsData, S3AsyncClient s3) {
        assertThat(selectOne(rdsData).join().records().get(0).get(0).longValue()).isEqualTo(1L);
        assertThat(s3.headBucket(request -> request.bucket(stack.bucket())).join().sdkHttpResponse().isSuccessful())
                .isTrue();
    }

    @Test
    void closeAll_thenReopen_closedClientsFailAndTheRebuiltOnesCallTheEndpoints() {
        ClientFactory clients = new ClientFactory(functionEnvironment());
        try {
            RdsDataAsyncClient rdsData = clients.rdsDataClient();
            S3AsyncClient s3 = clients.s3Client();
            assertWorks(rdsData, s3);
            assertThat(clients.rdsDataClient()).as("one client per factory until it is closed").isSameAs(rdsData);

            clients.closeAll();

            assertThatThrownBy(() -> selectOne(rdsData).join()).as("a Data API call on the closed client");
            assertThatThrownBy(() -> s3.headBucket(request -> request.bucket(stack.bucket())).join())
                    .as("an S3 call on the closed client");
            assertThat(clients.s3ClientIfBuilt()).as("closing forgets the clients").isEmpty();

            clients.reopen();

            assertThat(clients.s3ClientIfBuilt()).as("reopen builds the S3 client that was open").isPresent();
            assertThat(clients.rdsDataClient()).isNotSameAs(rdsData);
            assertThat(clients.s3Client()).isNotSameAs(s3);
            assertWorks(clients.rdsDataClient(), clients.s3Client());
        } finally {
            clients.closeAll();
        }
    }

    @Test
    void reopen_rebuildsOnlyTheClientsThatWereOpen() {
        ClientFactory clients = new ClientFactory(functionEnvironment());
        try {
            assertThat(selectOne(clients.rdsDataClient()).join().records()).hasSize(1);
            clients.closeAll();

            clients.reopen();

            assertThat(clients.s3ClientIfBuilt()).as("a function that never used S3 does not build it").isEmpty();
            assertThat(selectOne(clients.rdsDataClient()).join().records()).hasSize(1);
        } finally {
            clients.closeAll();
        }
    }

    @Test
    void shutdownHook_whenTheFunctionJvmEnds_closesEveryClientAndSaysSo() throws Exception {
        Path taskRoot = stack.taskRoot();
        Path lib = taskRoot.resolve("lib");
        String classPath = childClasses() + File.pathSeparator + lib.resolve("*");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                ClientFactoryChild.class.getName(),
                stack.clusterArn(), stack.secretArn(), stack.database(), stack.bucket()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(functionEnvironment());
        // As Lambda: the artifact's native libraries load from lib/.
        builder.environment().put("LD_LIBRARY_PATH", lib.toString());
        Path out = Files.createTempFile(data, "child", ".out");
        Path err = Files.createTempFile(data, "child", ".err");
        Process child = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();

        boolean exited = child.waitFor(CHILD_LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }

        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(exited).as("the child JVM exits by itself; stderr: " + stderr).isTrue();
        assertThat(child.exitValue()).as(stderr).isZero();
        assertThat(stdout).contains(ClientFactoryChild.CALLS_MADE);
        // The presigner, the S3 and Data API clients and the shared HTTP client.
        assertThat(stderr).contains(ClientFactory.SHUTDOWN_LOG_PREFIX + "4 AWS client(s)")
                .doesNotContain("Closing ");
    }

    /** Where this test's own classes are: the child's main class comes from there, the rest from the artifact. */
    private static String childClasses() throws URISyntaxException {
        return Path.of(ClientFactoryChild.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
