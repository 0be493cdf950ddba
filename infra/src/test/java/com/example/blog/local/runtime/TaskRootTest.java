package com.example.blog.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRootTest {

    @TempDir
    Path directory;

    @Test
    void prepare_unpacksOnce_andANewArtifactGetsAFreshTaskRoot() throws Exception {
        Path artifact = zip("first.zip", "lib/a.jar", "one");

        Path first = TaskRoot.prepare(artifact, directory.resolve("task"));
        Path again = TaskRoot.prepare(artifact, directory.resolve("task"));
        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(first.resolve("lib/a.jar"))).isEqualTo("one");

        Path second = TaskRoot.prepare(zip("second.zip", "lib/a.jar", "two"), directory.resolve("task"));

        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(second.resolve("lib/a.jar"))).isEqualTo("two");
        assertThat(first).as("the stale task root is removed").doesNotExist();
    }

    @Test
    void prepare_whenAnEntryEscapesTheTaskRoot_refuses() throws Exception {
        Path artifact = zip("evil.zip", "../outside.txt", "x");

        assertThatThrownBy(() -> TaskRoot.prepare(artifact, directory.resolve("task")))
                .isInstanceOf(IOException.class).hasMessageContaining("outside the task root");
        // Unpacking happens below task/, so the escaped entry would land in task/ itself: look everywhere.
        try (Stream<Path> files = Files.walk(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).doesNotContain("outside.txt");
        }
    }

    @Test
    void prepare_whenTheArtifactIsMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> TaskRoot.prepare(directory.resolve("none.zip"), directory.resolve("task")))
                .isInstanceOf(IOException.class).hasMessageContaining("mvn -B -pl functions package");
    }

    private Path zip(String name, String entry, String content) throws IOException {
        Path zip = directory.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(content.getBytes());
            out.closeEntry();
        }
        return zip;
    }
}
