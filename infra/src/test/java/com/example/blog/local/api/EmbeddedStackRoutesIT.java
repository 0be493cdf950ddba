package com.example.blog.local.api;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The route scenarios against the local stack on its own: embedded PostgreSQL, local Data API, local S3. */
class EmbeddedStackRoutesIT extends BlogRoutesScenarios {

    @TempDir
    Path data;

    @Override
    ApiEnvironment startEnvironment() throws Exception {
        return StackEnvironment.embedded(data);
    }
}
