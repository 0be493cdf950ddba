package com.example.blog.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Java runtime Lambda puts in {@code /var/runtime/lib}: the runtime interface client and what it needs. The
 * build copies the jars into this module's resources; they are written out once so a plain {@code java -cp} can
 * use them.
 */
public final class RuntimeJars {

    static final List<String> JARS = List.of(
            "aws-lambda-java-runtime-interface-client.jar",
            "aws-lambda-java-core.jar",
            "aws-lambda-java-serialization.jar",
            "utils-lite.jar");

    /** Where {@link #install} puts the runtime client's native HTTP client. */
    static final String NATIVE_CLIENT = "libaws-lambda-jni.so";

    private static final String RESOURCE_DIRECTORY = "/lambda-runtime/";

    private RuntimeJars() {
    }

    /** Writes the runtime's jars to {@code directory} (replacing stale copies) and returns it. */
    public static Path install(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (String jar : JARS) {
            try (InputStream in = RuntimeJars.class.getResourceAsStream(RESOURCE_DIRECTORY + jar)) {
                if (in == null) {
                    throw new IOException("the runtime jar " + jar + " is missing from the local stack's build");
                }
                byte[] bytes = in.readAllBytes();
                Path target = directory.resolve(jar);
                if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                    continue;
                }
                Path temporary = Files.createTempFile(directory, jar, ".tmp");
                Files.write(temporary, bytes);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        installNativeClient(directory);
        return directory;
    }

    /**
     * Unpacks the runtime client's JNI library once. Left to itself, the client copies it to one fixed path in
     * {@code /tmp} at every start: harmless in a Lambda sandbox, whose {@code /tmp} is private, but here instances
     * share {@code /tmp}, and a copy rewritten while another JVM maps it crashes that JVM.
     */
    private static void installNativeClient(Path directory) throws IOException {
        String architecture = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (architecture == null) {
            return;
        }
        boolean musl;
        try (Stream<Path> libraries = Files.list(Path.of("/lib"))) {
            musl = libraries.anyMatch(library -> library.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException e) {
            musl = false;
        }
        String entryName = "jni/libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + architecture + ".so";
        Path target = directory.resolve(NATIVE_CLIENT);
        try (ZipFile jar = new ZipFile(directory.resolve(JARS.get(0)).toFile())) {
            ZipEntry entry = jar.getEntry(entryName);
            if (entry == null || (Files.isRegularFile(target) && Files.size(target) == entry.getSize())) {
                return;
            }
            Path temporary = Files.createTempFile(directory, NATIVE_CLIENT, ".tmp");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
