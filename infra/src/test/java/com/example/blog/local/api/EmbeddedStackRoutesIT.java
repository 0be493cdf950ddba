package com.example.blog.local.api;

import java.nio.file.Path;

/** The route scenarios against the local stack on its own: embedded PostgreSQL, local Data API, local S3. */
class EmbeddedStackRoutesIT extends BlogRoutesScenarios {

    @Override
    ApiEnvironment startEnvironment(Path data) throws Exception {
        return StackEnvironment.embedded(data);
    }
}
