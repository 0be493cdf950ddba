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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

/**
 * Applies the schema that ships inside the deployment artifact ({@code db/schema/V<n>__*.sql} in the functions'
 * jar, in version order; each script is idempotent), then the local stack's sample rows.
 */
final class Schema {

    private static final Pattern SCRIPT = Pattern.compile("db/schema/V(\\d+)__[^/]+\\.sql");
    private static final String SEED = "seed.sql";

    private Schema() {
    }

    /** The schema scripts in the task root's jars ({@code lib/*.jar}), by version. */
    static List<Map.Entry<String, String>> scripts(Path taskRoot) throws IOException {
        Map<Long, Map.Entry<String, String>> byVersion = new TreeMap<>(Comparator.naturalOrder());
        List<Path> jars;
        try (Stream<Path> files = Files.list(taskRoot.resolve("lib"))) {
            jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path file : jars) {
            try (JarFile jar = new JarFile(file.toFile())) {
                for (JarEntry entry : jar.stream().toList()) {
                    Matcher matcher = SCRIPT.matcher(entry.getName());
                    if (matcher.matches()) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            byVersion.put(Long.parseLong(matcher.group(1)), Map.entry(
                                    file.getFileName() + "!/" + entry.getName(),
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(byVersion.values());
    }

    /**
     * Applies the scripts, then the seed rows; returns the names of the scripts applied. An artifact without a
     * schema (a function that needs no database) gets neither.
     */
    static List<String> apply(DataSource dataSource, Path taskRoot) throws IOException, SQLException {
        List<Map.Entry<String, String>> scripts = scripts(taskRoot);
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
            for (Map.Entry<String, String> script : scripts) {
                try {
                    statement.execute(script.getValue());
                } catch (SQLException e) {
                    throw new SQLException(script.getKey() + ": " + e.getMessage(), e.getSQLState(), e);
                }
                applied.add(script.getKey());
            }
            statement.execute(seed);
        }
        return applied;
    }
}
