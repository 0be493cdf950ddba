package com.example.blog.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The schema as LocalStack Pro's Data API receives it: one statement per call, from the deployment artifact. */
class LocalStackServicesTest {

    @Test
    void schemaStatements_splitsTheArtifactsScriptsIntoSingleStatementsWithoutComments() throws Exception {
        StackEnvironment.assumeArtifactBuilt();

        List<String> statements = LocalStackServices.schemaStatements(
                StackEnvironment.root().resolve("functions/target/blog-functions.zip"));

        assertThat(statements).isNotEmpty();
        assertThat(statements.get(0)).startsWith("CREATE TABLE IF NOT EXISTS blogs (").endsWith(")")
                .contains("image_key").doesNotContain("--");
        assertThat(statements).anySatisfy(statement -> assertThat(statement)
                .startsWith("CREATE TABLE IF NOT EXISTS idempotency_keys ("));
        assertThat(statements).allSatisfy(statement -> assertThat(statement)
                .doesNotStartWith("--").doesNotContain(";"));
    }
}
