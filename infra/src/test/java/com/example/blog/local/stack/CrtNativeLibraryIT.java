package com.example.blog.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.runtime.InvocationResult;

/**
 * The artifact ships the CRT's JNI library for one architecture in {@code lib/} and the other architecture's CRT jar:
 * the build machine's architecture takes the library, the other falls back to the jar. Both must run the functions.
 */
class CrtNativeLibraryIT {

    private static final String LIBRARY_ENTRY = "lib/libaws-crt-jni.so";

    private static Path root;
    private static Path artifact;
    private static Architecture host;

    @TempDir
    Path directory;

    @BeforeAll
    static void findArtifact() {
        root = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();
        artifact = root.resolve("functions/target/blog-functions.zip");
        assumeTrue(Files.isRegularFile(artifact), "the deployment artifact is built by the functions module first: "
                + artifact);
        host = Architecture.ofHost();
        assumeTrue(host != null, "the artifact carries Linux x86_64 and aarch64 libraries only");
    }

    @Test
    void artifact_byDefault_shipsTheBuildMachinesLibraryAndTheOtherArchitecturesJar() throws IOException {
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            byte[] library = zip.getInputStream(zip.getEntry(LIBRARY_ENTRY)).readAllBytes();
            assertThat(elfMachine(library)).isEqualTo(host.elfMachine);
            assertThat(zip.getEntry("lib/aws-crt-" + host.other().classifier + ".jar")).isNotNull();
            assertThat(zip.getEntry("lib/aws-crt-" + host.classifier + ".jar")).isNull();
        }
    }

    @Test
    void function_fromTheOtherArchitecturesBuild_fallsBackToTheCrtJarAndAnswers() throws Exception {
        // What `-Dlambda.arch=<other>` builds, seen from this machine: the library in lib/ cannot load here, and the
        // CRT jar in lib/ is this machine's.
        Architecture other = host.other();
        Path otherBuild = directory.resolve("blog-functions-" + other.classifier + ".zip");
        try (ZipFile zip = new ZipFile(artifact.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(otherBuild))) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().equals(LIBRARY_ENTRY) || entry.getName().startsWith("lib/aws-crt-linux-")) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            copy(out, LIBRARY_ENTRY, other.library());
            copy(out, "lib/aws-crt-" + host.classifier + ".jar", Files.readAllBytes(host.jar()));
        }
        byte[] event = Files.readAllBytes(root.resolve("events/get-blog.json"));

        LocalStackOptions options = LocalStackOptions.builder(root).dataDirectory(directory.resolve("data"))
                .artifact(otherBuild).withoutGateway().build();
        try (LocalStack stack = LocalStack.start(options)) {
            InvocationResult result = stack.invoke("GetBlogFunction", event).get(60, TimeUnit.SECONDS);

            String payload = new String(result.payload(), StandardCharsets.UTF_8);
            assertThat(payload).as("the function answers through the CRT loaded from its jar")
                    .contains("\"statusCode\":200");
        }
    }

    private static void copy(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /** e_machine of an ELF64 little-endian file. */
    private static int elfMachine(byte[] elf) {
        assertThat(elf[0]).isEqualTo((byte) 0x7f);
        assertThat(new String(elf, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        return (elf[18] & 0xff) | (elf[19] & 0xff) << 8;
    }

    private enum Architecture {
        X86_64("linux-x86_64", "linux/x86_64/glibc/libaws-crt-jni.so", 62),
        AARCH64("linux-aarch_64", "linux/armv8/glibc/libaws-crt-jni.so", 183);

        final String classifier;
        final String resource;
        final int elfMachine;

        Architecture(String classifier, String resource, int elfMachine) {
            this.classifier = classifier;
            this.resource = resource;
            this.elfMachine = elfMachine;
        }

        static Architecture ofHost() {
            if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
                return null;
            }
            return switch (System.getProperty("os.arch")) {
                case "amd64", "x86_64" -> X86_64;
                case "aarch64", "arm64" -> AARCH64;
                default -> null;
            };
        }

        Architecture other() {
            return this == X86_64 ? AARCH64 : X86_64;
        }

        /** This architecture's library, from its CRT jar on the test class path. */
        byte[] library() throws IOException {
            URL url = CrtNativeLibraryIT.class.getClassLoader().getResource(resource);
            assertThat(url).as(resource).isNotNull();
            try (InputStream in = url.openStream()) {
                return in.readAllBytes();
            }
        }

        Path jar() throws IOException {
            URL url = CrtNativeLibraryIT.class.getClassLoader().getResource(resource);
            assertThat(url).as(resource).isNotNull();
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            try {
                return Path.of(connection.getJarFileURL().toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
    }
}
