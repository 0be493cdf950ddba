package com.example.blog.local.bench;

import java.nio.file.Path;
import java.util.Set;

import com.example.blog.local.CommandLine;

/**
 * The options of {@code bench}. Paths are relative to the directory the command runs in, the repository root.
 *
 * @param rounds        cold-start rounds; each launches every variant once, in a shuffled order (seeded per round)
 * @param profileRounds of those, how many also launch every variant with class-load logging (class counts and the
 *                      end of JVM start); logging slows a JVM down, so those launches are never timed
 * @param warm          warm invocations for the warm overhead
 * @param overlapRuns   create-with-image and update-with-image invocations under injected delay
 * @param delayMillis   delay injected into every Data API and S3 call for the overlap figures
 * @param out           where results, logs, the baseline's and floor's task roots and the class-data-sharing
 *                      archive go (the blog's own task root is the local stack's, under the data directory)
 * @param plot          the SVG chart of the cold-start split
 * @param dataDirectory the local stack's data (database, objects) for the benchmark
 * @param artifact      the blog's deployment artifact
 * @param baseline      the baseline's artifact
 * @param floor         the floor's artifact
 * @param template      the SAM template (function settings and environment)
 * @param compare       another build of the blog's artifact (say, before a change) launched as one more variant in
 *                      the same rounds, so that a lever is measured against the same baseline; null for none
 */
record BenchOptions(int rounds, int profileRounds, int warm, int overlapRuns, long delayMillis, Path out, Path plot,
        Path dataDirectory, Path artifact, Path baseline, Path floor, Path template, Path compare) {

    static final String USAGE = """
            usage: bench [--rounds 7] [--profile-rounds 3] [--warm 1000] [--overlap-runs 9] [--delay-ms 100]
                         [--out target/bench] [--plot docs/benchmarks-cold-start.svg]
                         [--data-dir .blog-local/bench] [--artifact functions/target/blog-functions.zip]
                         [--baseline bench/target/blog-baseline.zip] [--floor bench/target/blog-floor.zip]
                         [--template template.yaml] [--compare other-build.zip]

            Cold start (floor, out-of-the-box SDK baseline, ours with and without class-data sharing), overlap of
            backend calls, warm overhead and artifact size; prints medians and ratios against the baseline measured
            in the same run, then one line per target: ratio <name> <value> target <= <t>. --compare launches
            another build of the artifact as one more variant ("compare") in the same rounds.
            Build first: mvn -B -DskipTests package""";

    private static final Set<String> NAMES = Set.of("rounds", "profile-rounds", "warm", "overlap-runs", "delay-ms",
            "out", "plot", "data-dir", "artifact", "baseline", "floor", "template", "compare");

    /** Parses {@code --name value} / {@code --name=value} pairs; null means {@code --help} was asked for. */
    static BenchOptions parse(String[] args) {
        CommandLine values = CommandLine.parse(args, NAMES);
        if (values.help()) {
            return null;
        }
        if (!values.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + values.positional().get(0));
        }
        int rounds = number(values, "rounds", 7, 1);
        return new BenchOptions(rounds,
                Math.min(rounds, number(values, "profile-rounds", 3, 1)),
                number(values, "warm", 1000, 1),
                number(values, "overlap-runs", 9, 1),
                number(values, "delay-ms", 100, 0),
                path(values, "out", "target/bench"),
                path(values, "plot", "docs/benchmarks-cold-start.svg"),
                path(values, "data-dir", ".blog-local/bench"),
                path(values, "artifact", "functions/target/blog-functions.zip"),
                path(values, "baseline", "bench/target/blog-baseline.zip"),
                path(values, "floor", "bench/target/blog-floor.zip"),
                path(values, "template", "template.yaml"),
                values.string("compare", null) == null ? null : path(values, "compare", null));
    }

    private static int number(CommandLine values, String name, int fallback, int minimum) {
        String value = values.string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("--" + name + " must be a whole number of at least " + minimum + ": "
                + value);
    }

    private static Path path(CommandLine values, String name, String fallback) {
        return Path.of(values.string(name, fallback)).toAbsolutePath().normalize();
    }
}
