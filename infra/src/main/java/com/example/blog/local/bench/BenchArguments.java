package com.example.blog.local.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.example.blog.local.Cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: the command line of {@link BenchCommand}, read into {@link BenchOptions}. */
@Command(name = "bench", sortOptions = false, showDefaultValues = true,
        description = {"Cold-start, overlap, warm-overhead and size benchmarks.", "Cold start (floor, out-of-the-box SDK baseline, ours with and without class-data sharing),"
                + " overlap of backend calls, warm overhead and artifact size; prints medians and ratios against the"
                + " baseline measured in the same run, then one line per target: ratio <name> <value> target <= <t>."
                + " Everything is written under --out unless --plot names another file."
                + " Build first: mvn -B -DskipTests package"})
public final class BenchArguments implements Callable<Integer> {

    @Mixin
    Cli.HelpOption help;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "7", converter = Cli.PositiveNumber.class,
            description = "Cold-start rounds; each launches every variant once, in a shuffled order.")
    int rounds;

    @Option(names = "--profile-rounds", paramLabel = "N", defaultValue = "3", converter = Cli.PositiveNumber.class,
            description = "Rounds that also launch every variant with class-load logging (at most --rounds).")
    int profileRounds;

    @Option(names = "--warm", paramLabel = "N", defaultValue = "1000", converter = Cli.PositiveNumber.class,
            description = "Warm invocations for the warm overhead.")
    int warm;

    @Option(names = "--overlap-runs", paramLabel = "N", defaultValue = "9", converter = Cli.PositiveNumber.class,
            description = "Create-with-image and update-with-image invocations under injected delay.")
    int overlapRuns;

    @Option(names = "--delay-ms", paramLabel = "MS", defaultValue = "100", converter = Cli.NonNegativeNumber.class,
            description = "Delay injected into every Data API and S3 call for the overlap figures.")
    int delayMillis;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
            description = "Where results, logs, task roots and the class-data-sharing archive go.")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "The SVG chart of the cold-start split (default: cold-start.svg under --out).")
    Path plot;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".blog-local/bench",
            description = "The local stack's data (database, objects) for the benchmark.")
    Path dataDirectory;

    @Option(names = "--artifact", paramLabel = "ZIP", defaultValue = "functions/target/blog-functions.zip",
            description = "The blog's deployment artifact.")
    Path artifact;

    @Option(names = "--baseline", paramLabel = "ZIP", defaultValue = "bench/target/blog-baseline.zip",
            description = "The baseline's artifact.")
    Path baseline;

    @Option(names = "--floor", paramLabel = "ZIP", defaultValue = "bench/target/blog-floor.zip",
            description = "The floor's artifact.")
    Path floor;

    @Option(names = "--template", paramLabel = "FILE", defaultValue = "template.yaml",
            description = "The SAM template (function settings and environment).")
    Path template;

    @Option(names = "--compare", paramLabel = "ZIP",
            description = "Another build of the artifact, launched as one more variant (\"compare\") in the same"
                    + " rounds.")
    Path compare;

    @Override
    public Integer call() throws Exception {
        try {
            return BenchCommand.run(options(), System.out, Path.of("").toAbsolutePath());
        } catch (BenchCommand.BenchException e) {
            throw new Cli.UserError(e.getMessage(), e);
        }
    }

    BenchOptions options() {
        Path outDirectory = absolute(out);
        return new BenchOptions(rounds, Math.min(rounds, profileRounds), warm, overlapRuns, delayMillis, outDirectory,
                plot == null ? outDirectory.resolve("cold-start.svg") : absolute(plot), absolute(dataDirectory),
                absolute(artifact), absolute(baseline), absolute(floor), absolute(template),
                compare == null ? null : absolute(compare));
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
