package com.example.blog.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void build_withoutDataDirectory_isAnError_neverTheRepositorysBlogLocal() {
        assertThatThrownBy(() -> LocalStackOptions.builder(ROOT).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no data directory");
        assertThatThrownBy(() -> LocalStackOptions.builder(ROOT).dataDirectory(null).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_withDataDirectory_keepsIt_andDefaultsTheTemplateFromTheRoot() {
        LocalStackOptions options = LocalStackOptions.builder(ROOT).dataDirectory(Path.of("/tmp/x")).build();

        assertThat(options.dataDirectory()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.template()).isEqualTo(ROOT.resolve("template.yaml"));
    }
}
