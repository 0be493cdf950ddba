package com.example.blog.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a deployment artifact (a zip) into a task root, once per distinct artifact: the directory is named after
 * the artifact's SHA-256, so a rebuilt artifact gets a fresh task root and an unchanged one is reused.
 */
public final class TaskRoot {

    private TaskRoot() {
    }

    /** Returns the task root for {@code artifact} under {@code parent}, unpacking it if needed. */
    public static Path prepare(Path artifact, Path parent) throws IOException {
        if (!Files.isRegularFile(artifact)) {
            throw new IOException("no deployment artifact at " + artifact
                    + " (build it with: mvn -B -pl functions package -DskipTests)");
        }
        String digest = sha256(artifact).substring(0, 16);
        Path taskRoot = parent.resolve(digest);
        if (Files.isDirectory(taskRoot)) {
            return taskRoot;
        }
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, digest + ".");
        try {
            unzip(artifact, staging);
            Files.move(staging, taskRoot, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another process unpacked the same artifact meanwhile; its copy is as good as ours.
            deleteRecursively(staging);
        } catch (IOException e) {
            deleteRecursively(staging);
            throw e;
        }
        removeOthers(parent, taskRoot);
        return taskRoot;
    }

    private static void unzip(Path artifact, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(artifact))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path destination = root.resolve(entry.getName()).normalize();
                if (!destination.startsWith(root)) {
                    throw new IOException("the artifact's entry " + entry.getName() + " points outside the task root");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(zip, destination);
                }
            }
        }
    }

    /** Task roots of earlier artifacts are dead weight once a new one is unpacked. */
    private static void removeOthers(Path parent, Path keep) {
        try (Stream<Path> children = Files.list(parent)) {
            children.filter(child -> !child.equals(keep) && Files.isDirectory(child))
                    .forEach(TaskRoot::deleteQuietly);
        } catch (IOException e) {
            // Housekeeping only.
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            // Housekeeping only.
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
