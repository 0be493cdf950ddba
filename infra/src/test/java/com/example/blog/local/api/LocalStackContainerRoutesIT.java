package com.example.blog.local.api;

import java.nio.file.Path;

import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same route scenarios with LocalStack (Testcontainers) as the functions' S3, and as their Data API when
 * {@code LOCALSTACK_AUTH_TOKEN} is set (LocalStack Pro). Skipped, never failed, where Docker is not available.
 */
@EnabledIf(value = "com.example.blog.local.api.LocalStackServices#dockerAvailable",
        disabledReason = LocalStackServices.DOCKER_MISSING)
class LocalStackContainerRoutesIT extends BlogRoutesScenarios {

    @TempDir
    Path data;

    @Override
    ApiEnvironment startEnvironment() throws Exception {
        StackEnvironment.assumeArtifactBuilt();
        return LocalStackServices.start(data, System.getenv("LOCALSTACK_AUTH_TOKEN"));
    }
}
