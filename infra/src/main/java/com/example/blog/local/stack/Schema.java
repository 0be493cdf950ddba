package com.example.blog.local.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.example.blog.schema.SchemaScript;
import com.example.blog.schema.SqlStatements;

/**
 * Applies the schema that ships inside the deployment artifact as a deployment does: the scripts read, ordered and
 * split by the schema function's own code ({@link SchemaScript}), one statement per call, so that a script the
 * deployment would reject fails here first. Then the local stack's sample rows.
 */
final class Schema {

    private static final String SEED = "seed.sql";

    private Schema() {
    }

    /** A schema script and the jar of the task root it came from. */
    record Located(String jar, SchemaScript script) {
        String name() {
            return jar + "!/" + SchemaScript.DIRECTORY + script.name();
        }
    }

    /** The schema scripts in the task root's jars ({@code lib/*.jar}), by version. */
    static List<Located> scripts(Path taskRoot) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(taskRoot.resolve("lib"))) {
            jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        }
        List<Located> scripts = new ArrayList<>();
        for (Path jar : jars) {
            if (hasSchema(jar)) {
                for (SchemaScript script : SchemaScript.fromLocation(jar)) {
                    scripts.add(new Located(jar.getFileName().toString(), script));
                }
            }
        }
        if (scripts.stream().map(located -> located.script().version()).distinct().count() < scripts.size()) {
            throw new IOException("two jars of " + taskRoot.resolve("lib") + " ship the same schema version: "
                    + scripts.stream().map(Located::name).toList());
        }
        scripts.sort((a, b) -> Long.compare(a.script().version(), b.script().version()));
        return scripts;
    }

    private static boolean hasSchema(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(entry -> !entry.isDirectory()
                    && entry.getName().startsWith(SchemaScript.DIRECTORY)
                    && entry.getName().indexOf('/', SchemaScript.DIRECTORY.length()) < 0);
        }
    }

    /**
     * Applies the scripts, then the seed rows; returns the names of the scripts applied. An artifact without a
     * schema (a function that needs no database) gets neither.
     */
    static List<String> apply(DataSource dataSource, Path taskRoot) throws IOException, SQLException {
        List<Located> scripts = scripts(taskRoot);
        if (scripts.isEmpty()) {
            return List.of();
        }
        String seed;
        try (InputStream in = Schema.class.getResourceAsStream(SEED)) {
            if (in == null) {
                throw new IOException("the seed rows are missing from the local stack's build");
            }
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> applied = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (Located script : scripts) {
                List<String> statements = script.script().statements();
                for (int i = 0; i < statements.size(); i++) {
                    try {
                        statement.execute(statements.get(i));
                    } catch (SQLException e) {
                        throw new SQLException(script.name() + ", statement " + (i + 1) + ": " + e.getMessage(),
                                e.getSQLState(), e);
                    }
                }
                applied.add(script.name());
            }
            for (String row : SqlStatements.split(seed)) {
                statement.execute(row);
            }
        }
        return applied;
    }
}
