package com.example.blog.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.blog.local.Programs;

/**
 * cfn-lint runs the real SAM transform (aws-sam-translator) over each deployable template and validates the result
 * against the CloudFormation resource schemas: what the hand-written rules of DeploymentTemplateTest cannot see,
 * such as a SAM property the transform refuses.
 */
class CloudFormationLintIT {

    @ParameterizedTest
    @ValueSource(strings = {"template.yaml", ManagedInstancesTemplate.FILE_NAME})
    void cfnLint_reportsNothing(String template) throws IOException, InterruptedException {
        assumeTrue(Programs.onPath("cfn-lint"), "cfn-lint is not on PATH (pip install cfn-lint)");
        Path root = Path.of(System.getProperty("blog.root.dir", "..")).toAbsolutePath().normalize();
        Path output = Files.createTempFile("cfn-lint", ".txt");
        Process lint = new ProcessBuilder("cfn-lint", template).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finishes").isTrue();
            String findings = Files.readString(output, StandardCharsets.UTF_8);

            assertThat(findings).as(template).isEmpty();
            assertThat(lint.exitValue()).as(findings).isZero();
        } finally {
            lint.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
