package com.example.blog.local.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import com.example.blog.local.sql.SqlCommand;

/**
 * The endpoints of a running start-api, written into its data directory so that other commands of the same data
 * ({@code sql}) reach the stack instead of starting a second database on it. The pid tells a stale file from a live
 * one.
 */
final class StackFile {

    private StackFile() {
    }

    static Path write(LocalStack stack) {
        Path file = stack.options().dataDirectory().resolve(SqlCommand.STACK_FILE);
        Properties values = new Properties();
        values.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        values.setProperty("apiUrl", stack.apiUrl().toString());
        values.setProperty("dataApiEndpoint", stack.dataApiEndpoint().toString());
        values.setProperty("clusterArn", stack.clusterArn());
        values.setProperty("secretArn", stack.secretArn());
        values.setProperty("database", stack.database());
        values.setProperty("region", stack.region());
        values.setProperty("s3Endpoint", stack.s3Endpoint().toString());
        values.setProperty("bucket", stack.bucket());
        try {
            Path temporary = Files.createTempFile(file.getParent(), SqlCommand.STACK_FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                values.store(out, "endpoints of the running start-api");
            }
            // Readers never see half a file.
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("start-api: cannot delete " + file + ": " + e.getMessage());
        }
    }
}
