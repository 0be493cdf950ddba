package com.example.blog.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK the functions run on. The template's runtime is {@code java25}, so the local stack looks for a JDK 25, in
 * this order, and otherwise falls back to the JDK running the stack itself and says so:
 * <ol>
 * <li>the JDK given explicitly ({@code --function-jdk}), whatever its version;</li>
 * <li>{@code JAVA_HOME}, when it is a JDK 25;</li>
 * <li>the directories under {@code /usr/lib/jvm} (where Debian and Ubuntu packages, Temurin's included, install
 *     JDKs) that are a JDK 25, the newest update first.</li>
 * </ol>
 * A JDK's version is read from its {@code release} file ({@code JAVA_VERSION="25.0.1"}), so nothing is started to
 * find out.
 *
 * @param javaExecutable the {@code bin/java} to start
 * @param version        the JDK's {@code JAVA_VERSION}, e.g. {@code 25.0.1}
 * @param origin         how it was found, for the start-up message
 * @param fallback       whether no JDK of the Lambda runtime's version was found
 */
public record FunctionJdk(Path javaExecutable, String version, String origin, boolean fallback) {

    /** The Java version of the template's runtime, {@code java25}. */
    public static final int LAMBDA_FEATURE_VERSION = 25;
    /** Where JDK packages install on Debian-based systems. */
    public static final Path USUAL_DIRECTORY = Path.of("/usr/lib/jvm");

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

    public FunctionJdk {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(origin, "origin");
    }

    /** As the local stack does by default: no explicit JDK, this process's environment and the usual directory. */
    public static FunctionJdk locate() {
        return locate(null, System.getenv(), USUAL_DIRECTORY, Path.of(System.getProperty("java.home")));
    }

    /**
     * @param explicitHome  a JDK given by the user, or null
     * @param environment   where {@code JAVA_HOME} is read
     * @param searchDirectory the directory whose subdirectories are searched
     * @param currentHome   the running JDK, the fallback
     * @throws IllegalArgumentException when {@code explicitHome} is not a JDK
     */
    public static FunctionJdk locate(Path explicitHome, Map<String, String> environment, Path searchDirectory,
            Path currentHome) {
        if (explicitHome != null) {
            Path java = explicitHome.resolve("bin").resolve("java");
            if (!Files.isExecutable(java)) {
                throw new IllegalArgumentException(explicitHome + " is not a JDK: it has no executable bin/java");
            }
            String version = version(explicitHome).orElse("unknown");
            return new FunctionJdk(java, version, "--function-jdk " + explicitHome,
                    feature(version) != LAMBDA_FEATURE_VERSION);
        }
        String javaHome = environment.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            Optional<FunctionJdk> fromJavaHome = lambdaVersion(Path.of(javaHome), "JAVA_HOME");
            if (fromJavaHome.isPresent()) {
                return fromJavaHome.get();
            }
        }
        Optional<FunctionJdk> found = search(searchDirectory);
        if (found.isPresent()) {
            return found.get();
        }
        return new FunctionJdk(currentHome.resolve("bin").resolve("java"),
                version(currentHome).orElse(System.getProperty("java.version")),
                "the local stack's own JDK (no JDK " + LAMBDA_FEATURE_VERSION + " in --function-jdk, JAVA_HOME or "
                        + searchDirectory + ")", true);
    }

    /** One line for the console: which JDK runs the functions, and whether it is the runtime's version. */
    public String describe() {
        String line = "Functions run on JDK " + version + " (" + javaExecutable + ", from " + origin + ")";
        if (fallback) {
            line += "; the java" + LAMBDA_FEATURE_VERSION + " runtime has JDK " + LAMBDA_FEATURE_VERSION
                    + ": install one or pass --function-jdk for a faithful run";
        }
        return line;
    }

    private static Optional<FunctionJdk> search(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(directory)) {
            List<Path> candidates = homes.filter(Files::isDirectory)
                    // Debian's alternatives keep symbolic links beside the real directories: count each JDK once.
                    .filter(home -> !Files.isSymbolicLink(home))
                    .sorted()
                    .toList();
            return candidates.stream()
                    .map(home -> lambdaVersion(home, directory.toString()))
                    .flatMap(Optional::stream)
                    .max(Comparator.comparing(FunctionJdk::version, FunctionJdk::compareVersions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<FunctionJdk> lambdaVersion(Path home, String origin) {
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            return Optional.empty();
        }
        return version(home)
                .filter(version -> feature(version) == LAMBDA_FEATURE_VERSION)
                .map(version -> new FunctionJdk(java, version, origin, false));
    }

    static Optional<String> version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version of {@code 25.0.1}, {@code 17}, {@code 1.8.0_392} (8); -1 when unreadable. */
    public static int feature(String version) {
        String[] parts = version.split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int compareVersions(String left, String right) {
        String[] a = left.split("[.+_-]");
        String[] b = right.split("[.+_-]");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? number(a[i]) : 0;
            int y = i < b.length ? number(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
