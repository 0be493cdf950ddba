package com.example.blog.local.api;

import java.nio.file.Path;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The same route scenarios with LocalStack (Testcontainers) as the functions' S3, and as their Data API when
 * {@code LOCALSTACK_AUTH_TOKEN} is set (LocalStack Pro). Skipped, never failed, where Docker is not available.
 */
@EnabledIf(value = "com.example.blog.local.api.LocalStackServices#dockerAvailable",
        disabledReason = LocalStackServices.DOCKER_MISSING)
class LocalStackContainerRoutesIT extends BlogRoutesScenarios {

    @Override
    ApiEnvironment startEnvironment(Path data) throws Exception {
        StackEnvironment.assumeArtifactBuilt();
        return LocalStackServices.start(data, System.getenv("LOCALSTACK_AUTH_TOKEN"));
    }
}
