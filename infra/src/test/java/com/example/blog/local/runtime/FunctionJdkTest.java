package com.example.blog.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionJdkTest {

    @TempDir
    Path jvms;

    @Test
    void locate_whenJavaHomeIsAJdk25_usesIt() throws IOException {
        Path home = jdk("custom-25", "25.0.1");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        FunctionJdk jdk = FunctionJdk.locate(null, Map.of("JAVA_HOME", home.toString()), jvms, current());

        assertThat(jdk.javaExecutable()).isEqualTo(home.resolve("bin/java"));
        assertThat(jdk.version()).isEqualTo("25.0.1");
        assertThat(jdk.origin()).isEqualTo("JAVA_HOME");
        assertThat(jdk.fallback()).isFalse();
    }

    @Test
    void locate_whenJavaHomeIsAnotherVersion_searchesTheDirectoryForTheNewest25() throws IOException {
        Path java17 = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");
        Path newest = jdk("zulu-25", "25.0.10");
        jdk("temurin-26-jdk-amd64", "26");
        Files.createSymbolicLink(jvms.resolve("default-java"), newest);

        FunctionJdk jdk = FunctionJdk.locate(null, Map.of("JAVA_HOME", java17.toString()), jvms, current());

        assertThat(jdk.javaExecutable()).isEqualTo(newest.resolve("bin/java"));
        assertThat(jdk.version()).isEqualTo("25.0.10");
        assertThat(jdk.fallback()).isFalse();
    }

    @Test
    void locate_whenNoJdk25Exists_fallsBackToTheRunningJdkAndSaysSo() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        Files.createDirectories(jvms.resolve("broken-25"));
        Files.writeString(jvms.resolve("broken-25/release"), "JAVA_VERSION=\"25\"\n"); // no bin/java

        FunctionJdk jdk = FunctionJdk.locate(null, Map.of(), jvms, current());

        assertThat(jdk.javaExecutable()).isEqualTo(current().resolve("bin/java"));
        assertThat(jdk.fallback()).isTrue();
        assertThat(jdk.describe()).contains("the local stack's own JDK").contains("--function-jdk");
    }

    @Test
    void locate_whenGivenExplicitly_usesItWhateverItsVersionAndRejectsANonJdk() throws IOException {
        Path java21 = jdk("java-21", "21.0.5");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        FunctionJdk jdk = FunctionJdk.locate(java21, Map.of(), jvms, current());

        assertThat(jdk.javaExecutable()).isEqualTo(java21.resolve("bin/java"));
        assertThat(jdk.fallback()).isTrue();
        assertThatThrownBy(() -> FunctionJdk.locate(jvms.resolve("nothing"), Map.of(), jvms, current()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JDK");
    }

    @Test
    void feature_readsModernAndLegacyVersionStrings() {
        assertThat(FunctionJdk.feature("25.0.1")).isEqualTo(25);
        assertThat(FunctionJdk.feature("25")).isEqualTo(25);
        assertThat(FunctionJdk.feature("1.8.0_392")).isEqualTo(8);
        assertThat(FunctionJdk.feature("x")).isEqualTo(-1);
    }

    private Path current() throws IOException {
        return jdk("current", "17.0.15");
    }

    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        if (Files.exists(home)) {
            return home;
        }
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
