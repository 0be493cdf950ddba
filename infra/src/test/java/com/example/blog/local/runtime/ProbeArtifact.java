package com.example.blog.local.runtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.example.blog.local.runtime.testfunction.ProbeFunction;

/** Builds a deployment artifact shaped like the real one ({@code lib/*.jar} only) around {@link ProbeFunction}. */
public final class ProbeArtifact {

    public static final String HANDLER = ProbeFunction.class.getName() + "::handleRequest";

    private ProbeArtifact() {
    }

    /**
     * A local Lambda running the probe function as {@code Probe} (256 MB, 10 s), its artifact, task root and runtime
     * under {@code directory}, with at most {@code maxInstances} environments; the console lines go to
     * {@code console}.
     */
    public static LocalLambda lambda(Path directory, int maxInstances, Consumer<String> console) throws IOException {
        Path taskRoot = TaskRoot.prepare(build(directory), directory.resolve("task"));
        return new LocalLambda(new RuntimeSettings(taskRoot, RuntimeJars.install(directory.resolve("runtime/lib")),
                RuntimeSettings.currentJava(), "us-east-1", "000000000000", Map.of(), maxInstances,
                Duration.ofSeconds(5), console), List.of(new FunctionSpec("Probe", HANDLER, 256, 10, Map.of())));
    }

    public static Path build(Path directory) throws IOException {
        Path classes;
        try {
            classes = Path.of(ProbeFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        String packagePath = ProbeFunction.class.getPackageName().replace('.', '/');
        Path jar = directory.resolve("probe-function.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.list(classes.resolve(packagePath))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        Path zip = directory.resolve("probe-function.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("lib/probe-function.jar"));
            Files.copy(jar, out);
            out.closeEntry();
        }
        return zip;
    }
}
