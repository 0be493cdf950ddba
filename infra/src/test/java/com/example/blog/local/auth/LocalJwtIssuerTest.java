package com.example.blog.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalJwtIssuerTest {

    @TempDir
    Path directory;

    @Test
    void publish_whenAnotherProcessWroteTheKeyFirst_keepsTheirsAndDropsOurs() throws Exception {
        Path key = Files.writeString(directory.resolve("signing-key.json"), "theirs", StandardCharsets.UTF_8);
        Path ours = Files.writeString(directory.resolve("ours.tmp"), "ours", StandardCharsets.UTF_8);

        LocalJwtIssuer.publish(ours, key);

        assertThat(Files.readString(key, StandardCharsets.UTF_8)).isEqualTo("theirs");
        assertThat(ours).doesNotExist();
    }

    @Test
    void publish_whenNoKeyExists_putsOursInPlace() throws Exception {
        Path key = directory.resolve("signing-key.json");
        Path ours = Files.writeString(directory.resolve("ours.tmp"), "ours", StandardCharsets.UTF_8);

        LocalJwtIssuer.publish(ours, key);

        assertThat(Files.readString(key, StandardCharsets.UTF_8)).isEqualTo("ours");
        assertThat(ours).doesNotExist();
    }
}
