package com.example.blog.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One migration file, {@code db/schema/V<version>__<description>.sql}. The files ship inside the function's own jar
 * (the same ones the local stack applies), so the scripts a deployment runs are always those it was built with.
 *
 * @param name       the file name, e.g. {@code V001__create_blogs.sql}
 * @param version    the number after {@code V}; scripts run in ascending order
 * @param statements the script split into single statements
 */
public record SchemaScript(String name, long version, List<String> statements) {

    public static final String DIRECTORY = "db/schema/";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

    public SchemaScript {
        statements = List.copyOf(statements);
    }

    static SchemaScript parse(String name, String sql) {
        Matcher matcher = FILE_NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a migration file name: " + name);
        }
        try {
            return new SchemaScript(name, Long.parseLong(matcher.group(1)), SqlStatements.split(sql));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** The scripts in the jar (or classes directory) this class was loaded from. */
    public static List<SchemaScript> fromOwnArtifact() {
        CodeSource source = SchemaScript.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("Cannot tell which artifact holds " + DIRECTORY);
        }
        try {
            return fromLocation(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unexpected code source " + source.getLocation(), e);
        }
    }

    /** Reads every {@code db/schema/V*.sql} of a jar or classes directory, ordered by version. */
    public static List<SchemaScript> fromLocation(Path location) {
        Map<String, String> files = Files.isDirectory(location) ? readDirectory(location) : readJar(location);
        List<SchemaScript> scripts = new ArrayList<>();
        files.forEach((name, sql) -> {
            if (FILE_NAME.matcher(name).matches()) {
                scripts.add(parse(name, sql));
            }
        });
        scripts.sort(Comparator.comparingLong(SchemaScript::version));
        for (int i = 1; i < scripts.size(); i++) {
            if (scripts.get(i).version() == scripts.get(i - 1).version()) {
                throw new IllegalStateException("Two migration files share version " + scripts.get(i).version()
                        + ": " + scripts.get(i - 1).name() + " and " + scripts.get(i).name());
            }
        }
        if (scripts.isEmpty()) {
            throw new IllegalStateException("No " + DIRECTORY + "V*.sql in " + location);
        }
        return List.copyOf(scripts);
    }

    private static Map<String, String> readDirectory(Path classes) {
        Path directory = classes.resolve(DIRECTORY);
        Map<String, String> files = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + directory, e);
        }
        return files;
    }

    private static Map<String, String> readJar(Path jarPath) {
        Map<String, String> files = new HashMap<>();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                // Only files directly in db/schema/, as in the classes directory.
                if (entry.isDirectory() || !name.startsWith(DIRECTORY) || name.indexOf('/', DIRECTORY.length()) >= 0) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    files.put(name.substring(DIRECTORY.length()), sql);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jarPath, e);
        }
        return files;
    }
}
