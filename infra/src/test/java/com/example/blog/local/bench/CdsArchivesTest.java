package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsArchivesTest {

    @Test
    void foreignCopy_rewritesTheJvmBuildInTheHeader_andNothingElse(@TempDir Path temp) throws Exception {
        String version = System.getProperty("java.vm.version");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        archive.write(new byte[] {(byte) 0xCA, (byte) 0xFE, 0x00, 0x11});
        archive.write(("OpenJDK 64-Bit Server VM (" + version + ") for linux").getBytes(StandardCharsets.US_ASCII));
        archive.write(new byte[100]);
        Path original = Files.write(temp.resolve("a.jsa"), archive.toByteArray());

        String kind = CdsArchives.foreignCopy(original, temp.resolve("b.jsa"));

        byte[] before = Files.readAllBytes(original);
        byte[] after = Files.readAllBytes(temp.resolve("b.jsa"));
        assertThat(kind).startsWith("header claims JVM build ").doesNotContain("(" + version + ")");
        assertThat(after).hasSameSizeAs(before);
        int differing = 0;
        for (int i = 0; i < before.length; i++) {
            differing += before[i] != after[i] ? 1 : 0;
        }
        assertThat(differing).isEqualTo(1);
        assertThat(new String(after, StandardCharsets.US_ASCII)).doesNotContain(version);
    }

    @Test
    void foreignCopy_withoutAJvmBuildInTheHeader_damagesTheMagic(@TempDir Path temp) throws Exception {
        Path original = Files.write(temp.resolve("a.jsa"), new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2, 3});

        String kind = CdsArchives.foreignCopy(original, temp.resolve("b.jsa"));

        assertThat(kind).isEqualTo("damaged header");
        assertThat(Files.readAllBytes(temp.resolve("b.jsa"))).startsWith((byte) 0x35, (byte) 0xFE);
    }
}
