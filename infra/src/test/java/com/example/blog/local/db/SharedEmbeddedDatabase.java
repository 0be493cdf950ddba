package com.example.blog.local.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded PostgreSQL for every integration test class in the JVM, started on first use and stopped when the
 * JVM exits: starting PostgreSQL costs seconds, a Data API server over it costs milliseconds.
 */
public final class SharedEmbeddedDatabase {

    private static EmbeddedDatabase database;

    private SharedEmbeddedDatabase() {
    }

    /** The JVM-wide database, with its data in a fresh directory under {@code target}. */
    public static synchronized EmbeddedDatabase get() {
        if (database == null) {
            Path dataDir;
            try {
                Path target = Path.of("target");
                Files.createDirectories(target);
                dataDir = Files.createTempDirectory(target.toAbsolutePath(), "it-postgres-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            database = EmbeddedDatabase.start(dataDir, 0);
            EmbeddedDatabase started = database;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-database-stop"));
        }
        return database;
    }
}
