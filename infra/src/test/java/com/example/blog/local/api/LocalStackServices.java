package com.example.blog.local.api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.stack.LocalStackOptions;
import com.example.blog.schema.SchemaScript;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * LocalStack in Docker (Testcontainers) as the functions' AWS: its S3 always, and its RDS Data API (a LocalStack Pro
 * feature) when {@code LOCALSTACK_AUTH_TOKEN} is set; without a token the stack's own Data API and database serve.
 * The functions still run in the local stack's Lambda runtime and behind its HTTP API.
 */
final class LocalStackServices {

    /**
     * The community image, pinned: S3 works without an auth token. (Images published from March 2026 on refuse to
     * start without a token.)
     */
    static final DockerImageName COMMUNITY_IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");
    static final DockerImageName PRO_IMAGE = DockerImageName.parse("localstack/localstack-pro:4.4.0")
            .asCompatibleSubstituteFor("localstack/localstack");
    static final String DOCKER_MISSING = "Docker is not available: LocalStack scenarios skipped";

    private static final String CLUSTER = "blog-localstack";
    private static final String MASTER_USER = "blog_admin";
    private static final String MASTER_PASSWORD = "blog-local-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalStackServices() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Starts LocalStack, prepares the bucket (and the cluster with its schema), then the local stack over them. */
    static StackEnvironment start(Path dataDirectory, String authToken) throws Exception {
        boolean pro = authToken != null && !authToken.isBlank();
        LocalStackContainer container = pro
                ? new LocalStackContainer(PRO_IMAGE).withEnv("LOCALSTACK_AUTH_TOKEN", authToken)
                        .withServices(LocalStackContainer.EnabledService.named("s3"),
                                LocalStackContainer.EnabledService.named("rds"),
                                LocalStackContainer.EnabledService.named("secretsmanager"))
                : new LocalStackContainer(COMMUNITY_IMAGE)
                        .withServices(LocalStackContainer.EnabledService.named("s3"));
        container.start();
        try {
            URI endpoint = container.getEndpoint();
            try (S3AsyncClient s3 = StackEnvironment.s3Client(endpoint)) {
                s3.createBucket(request -> request.bucket(LocalStack.BUCKET)).join();
            }
            LocalStackOptions.Builder options = LocalStackOptions.builder(StackEnvironment.root())
                    .dataDirectory(dataDirectory)
                    .externalS3(new LocalStackOptions.ExternalS3(endpoint, LocalStack.BUCKET));
            String description = "the local stack with LocalStack's S3 (" + container.getDockerImageName() + ")";
            if (pro) {
                options.externalDataApi(createCluster(container, endpoint));
                description += " and LocalStack Pro's RDS Data API";
            } else {
                description += " and the local Data API";
            }
            return StackEnvironment.withOptions(description, options.build(), List.of(container::stop));
        } catch (Exception | Error e) {
            container.stop();
            throw e;
        }
    }

    /** An Aurora PostgreSQL cluster with the Data API on, its credentials secret, and the schema applied. */
    private static LocalStackOptions.ExternalDataApi createCluster(LocalStackContainer container, URI endpoint)
            throws Exception {
        String secretArn = JSON.readTree(awslocal(container, "secretsmanager", "create-secret",
                "--name", CLUSTER + "-db", "--secret-string", JSON.writeValueAsString(
                        Map.of("username", MASTER_USER, "password", MASTER_PASSWORD)))).get("ARN").asText();
        String clusterArn = JSON.readTree(awslocal(container, "rds", "create-db-cluster",
                "--db-cluster-identifier", CLUSTER, "--engine", "aurora-postgresql", "--database-name", "blog",
                "--master-username", MASTER_USER, "--master-user-password", MASTER_PASSWORD,
                "--enable-http-endpoint")).at("/DBCluster/DBClusterArn").asText();
        awslocal(container, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", CLUSTER);
        LocalStackOptions.ExternalDataApi dataApi =
                new LocalStackOptions.ExternalDataApi(endpoint, clusterArn, secretArn, "blog");
        try (RdsDataAsyncClient client = StackEnvironment.dataApiClient(endpoint)) {
            for (String statement : schemaStatements(StackEnvironment.root()
                    .resolve("functions/target/blog-functions.zip"))) {
                client.executeStatement(request -> request.resourceArn(clusterArn).secretArn(secretArn)
                        .database("blog").sql(statement)).join();
            }
        }
        return dataApi;
    }

    private static String awslocal(LocalStackContainer container, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("awslocal"));
        command.addAll(List.of(arguments));
        command.add("--output");
        command.add("json");
        Container.ExecResult result = container.execInContainer(command.toArray(String[]::new));
        if (result.getExitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.getStderr());
        }
        return result.getStdout().isBlank() ? "{}" : result.getStdout();
    }

    /**
     * The statements of the schema scripts shipped in the deployment artifact, in version order, read and split by
     * the schema function's own code: the Data API runs one statement per call.
     */
    static List<String> schemaStatements(Path artifact) throws IOException {
        Path jar = Files.createTempFile(StackEnvironment.root().resolve("infra/target"), "blog-functions-", ".jar");
        try {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(artifact))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (entry.getName().equals("lib/blog-functions.jar")) {
                        Files.copy(zip, jar, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return SchemaScript.fromLocation(jar).stream().flatMap(script -> script.statements().stream()).toList();
        } finally {
            Files.deleteIfExists(jar);
        }
    }
}
