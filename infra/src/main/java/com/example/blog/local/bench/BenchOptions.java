package com.example.blog.local.bench;

import java.nio.file.Path;

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
 * @param plot          the SVG chart of the cold-start split (under {@code out} unless asked otherwise)
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

    /** Reads {@code args} as the {@code bench} command line; null means {@code --help} was asked for. */
    static BenchOptions parse(String[] args) {
        BenchArguments arguments = new BenchArguments();
        picocli.CommandLine line = new picocli.CommandLine(arguments);
        line.parseArgs(args);
        return line.isUsageHelpRequested() ? null : arguments.options();
    }
}
