package com.example.blog.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.example.blog.local.bench.ColdStarts.ColdRun;
import com.example.blog.local.bench.ConcurrencyBench.Concurrency;
import com.example.blog.local.bench.OverlapBench.Overlap;
import com.example.blog.local.bench.WarmBench.Warm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Every figure of one benchmark run, the ratios against the baseline, and how they are printed and stored. */
final class BenchResults {

    /** The targets, ours against the baseline unless said otherwise. */
    static final double COLD_TARGET = 0.5;
    static final double COLD_NOCDS_TARGET = 0.55;
    static final double CLASSES_TARGET = 0.6;
    static final double COLD_AOT_TARGET = 0.35;
    static final double OVERLAP_TARGET = 0.6;
    static final double OVERLAP_UPDATE_TARGET = 0.6;
    static final double CONCURRENCY_TARGET = 1.5;
    static final double WARM_TARGET_MILLIS = 5;
    static final double ARTIFACT_TARGET = 0.4;

    private final BenchOptions options;
    private final String jvmVersion;
    private final Map<String, VariantSummary> variants = new LinkedHashMap<>();
    private final Fallback fallback;
    private final Overlap overlap;
    private final Warm warm;
    private final Warm floorWarm;
    private final long artifactBytes;
    private final long baselineBytes;
    private final long floorBytes;
    private final long archiveBytes;
    private final AotFallback aot;
    private final Concurrency concurrency;

    BenchResults(BenchOptions options, String jvmVersion, Map<String, List<ColdRun>> timed,
            Map<String, List<ColdRun>> profiled, Fallback fallback, Overlap overlap, Warm warm, Warm floorWarm,
            long artifactBytes, long baselineBytes, long floorBytes, long archiveBytes, AotFallback aot,
            Concurrency concurrency) {
        this.aot = aot;
        this.concurrency = concurrency;
        this.options = options;
        this.jvmVersion = jvmVersion;
        this.fallback = fallback;
        this.overlap = overlap;
        this.warm = warm;
        this.floorWarm = floorWarm;
        this.artifactBytes = artifactBytes;
        this.baselineBytes = baselineBytes;
        this.floorBytes = floorBytes;
        this.archiveBytes = archiveBytes;
        timed.forEach((name, runs) -> variants.put(name, VariantSummary.of(name, runs, profiled.get(name))));
    }

    /** Medians of one variant's cold starts. */
    record VariantSummary(String name, int runs, int failures, double coldMillis, double initMillis,
            double firstInvokeMillis, double jvmStartMillis, double classes, double sharedClasses) {

        static VariantSummary of(String name, List<ColdRun> timed, List<ColdRun> profiled) {
            List<ColdRun> ok = timed.stream().filter(ColdRun::succeeded).toList();
            List<ColdRun> profiledOk = profiled.stream().filter(ColdRun::succeeded).toList();
            // A logged launch whose log could not be read has no figures (-1), which must not pull a median down.
            List<ColdRun> counted = profiledOk.stream().filter(run -> run.classes() >= 0).toList();
            return new VariantSummary(name, timed.size(), timed.size() - ok.size(),
                    median(ok, ColdRun::totalMillis), median(ok, ColdRun::initMillis),
                    median(ok, ColdRun::firstInvokeMillis),
                    median(profiledOk.stream().filter(run -> run.jvmStartMillis() >= 0).toList(),
                            ColdRun::jvmStartMillis),
                    median(counted, ColdRun::classes), median(counted, ColdRun::sharedClasses));
        }

        /** JVM and runtime start, capped by init: measured in the logged launches, which run a little slower. */
        double jvmStartPart() {
            return Double.isNaN(jvmStartMillis) ? 0 : Math.min(jvmStartMillis, initMillis);
        }

        double handlerInitPart() {
            return initMillis - jvmStartPart();
        }

        private static double median(List<ColdRun> runs, ToDoubleFunction<ColdRun> figure) {
            return Stats.median(runs.stream().map(run -> figure.applyAsDouble(run)).toList());
        }
    }

    /** Whether ours starts with a missing archive (timed every round) and with one made by another JVM build. */
    record Fallback(String missingArchiveVariant, boolean missingArchiveStarts, String foreignArchiveKind,
            boolean foreignArchiveStarts) {
    }

    /**
     * The AOT cache: its size, and whether ours starts with a missing cache and with one claiming another JVM build;
     * null when the functions' JDK has no AOT cache (before 25) or the training run left none.
     */
    record AotFallback(long cacheBytes, boolean missingCacheStarts, String foreignCacheKind,
            boolean foreignCacheStarts) {
    }

    Map<String, VariantSummary> variants() {
        return variants;
    }

    VariantSummary variant(String name) {
        return variants.get(name);
    }

    /**
     * The figure compared with each target, in the order the targets are printed: unrounded, so that 0.801 does not
     * pass a target of 0.8; NaN when a variant it needs never answered, which meets no target.
     */
    Map<String, double[]> targets() {
        Map<String, double[]> targets = new LinkedHashMap<>();
        double baselineCold = variant(BenchCommand.BASELINE).coldMillis();
        targets.put("cold", new double[] {
                variant(BenchCommand.OURS_CDS).coldMillis() / baselineCold, COLD_TARGET});
        // "No class-data sharing at all": not even the JDK's own archive, which the baseline keeps (-Xshare:auto is
        // the runtime's default), so this ratio can only flatter the baseline.
        targets.put("cold_nocds", new double[] {
                variant(BenchCommand.OURS_NO_SHARING).coldMillis() / baselineCold, COLD_NOCDS_TARGET});
        targets.put("classes", new double[] {
                variant(BenchCommand.OURS).classes() / variant(BenchCommand.BASELINE).classes(), CLASSES_TARGET});
        VariantSummary aotVariant = variant(BenchCommand.OURS_AOT);
        targets.put("cold_aot", new double[] {
                aotVariant == null ? Double.NaN : aotVariant.coldMillis() / baselineCold, COLD_AOT_TARGET});
        targets.put("overlap", new double[] {overlap.createRatio(), OVERLAP_TARGET});
        targets.put("overlap_update", new double[] {overlap.updateRatio(), OVERLAP_UPDATE_TARGET});
        targets.put("concurrency", new double[] {
                concurrency == null ? Double.NaN : concurrency.ratio(), CONCURRENCY_TARGET});
        targets.put("warm", new double[] {warm.overheadMedianMillis(), WARM_TARGET_MILLIS});
        targets.put("artifact", new double[] {(double) artifactBytes / baselineBytes, ARTIFACT_TARGET});
        return targets;
    }

    void print(PrintStream out) {
        VariantSummary baseline = variant(BenchCommand.BASELINE);
        VariantSummary floor = variant(BenchCommand.FLOOR);
        out.println();
        out.printf(Locale.ROOT, "Cold start (functions' JVM %s, C1 only, serial GC; medians of %d interleaved rounds, "
                + "classes from %d logged launches)%n", jvmVersion, options.rounds(), options.profileRounds());
        out.printf(Locale.ROOT, "%-16s %9s %8s %10s %10s %10s %10s %8s %8s %5s%n", "variant", "cold ms", "/base",
                "jvm+rt ms", "init ms", "invoke ms", ">floor ms", "classes", "shared", "fail");
        for (VariantSummary v : variants.values()) {
            out.printf(Locale.ROOT, "%-16s %9.0f %8.2f %10.0f %10.0f %10.0f %10.0f %8.0f %8.0f %5d%n", v.name(),
                    v.coldMillis(), v.coldMillis() / baseline.coldMillis(), v.jvmStartPart(), v.handlerInitPart(),
                    v.firstInvokeMillis(), v.coldMillis() - floor.coldMillis(), v.classes(), v.sharedClasses(),
                    v.failures());
        }
        out.println("  cold = launch to response; jvm+rt = launch to the handler class loading; init = the rest of "
                + "Init Duration; invoke = first invocation");
        out.printf(Locale.ROOT, "  overhead above the floor: ours %.0f ms, ours+cds %.0f ms, baseline %.0f ms "
                + "(ours/baseline %.2f)%n",
                variant(BenchCommand.OURS).coldMillis() - floor.coldMillis(),
                variant(BenchCommand.OURS_CDS).coldMillis() - floor.coldMillis(),
                baseline.coldMillis() - floor.coldMillis(),
                (variant(BenchCommand.OURS).coldMillis() - floor.coldMillis())
                        / (baseline.coldMillis() - floor.coldMillis()));
        out.printf(Locale.ROOT, "  class-data sharing: archive %.1f MB made by a training run on this JVM; "
                + "missing archive -> %s; %s -> %s%n", archiveBytes / 1e6,
                fallback.missingArchiveStarts() ? "starts (no sharing at all)" : "FAILED",
                fallback.foreignArchiveKind(), fallback.foreignArchiveStarts() ? "starts (archive ignored)" : "FAILED");
        if (aot != null) {
            out.printf(Locale.ROOT, "  AOT cache: %.1f MB made by a training run on this JVM; missing cache -> %s; "
                    + "%s -> %s%n", aot.cacheBytes() / 1e6,
                    aot.missingCacheStarts() ? "starts (no cache)" : "FAILED", aot.foreignCacheKind(),
                    aot.foreignCacheStarts() ? "starts (cache ignored)" : "FAILED");
        }
        out.println();
        out.printf(Locale.ROOT, "Overlap (%d ms injected into every Data API and S3 call; medians of %d)%n",
                overlap.delayMillis(), options.overlapRuns());
        out.printf(Locale.ROOT, "  create-with-image: %.0f ms, its %d calls one after another %.0f ms, ratio %.2f%n",
                overlap.createMillis(), overlap.createCalls(), overlap.createSequentialMillis(),
                overlap.createRatio());
        out.printf(Locale.ROOT, "  update-with-image: %.0f ms, its %d calls one after another %.0f ms, ratio %.2f%n",
                overlap.updateMillis(), overlap.updateCalls(), overlap.updateSequentialMillis(),
                overlap.updateRatio());
        out.println();
        out.printf(Locale.ROOT, "Warm get-blog (%d invocations): handler %.2f ms, backend %.2f ms, overhead median "
                + "%.2f ms, p99 %.2f ms%n", warm.invocations(), warm.handlerMedianMillis(),
                warm.backendMedianMillis(), warm.overheadMedianMillis(), warm.overheadP99Millis());
        out.printf(Locale.ROOT, "  the floor, same event (no backend): handler median %.2f ms, p99 %.2f ms, what the "
                + "runtime and the local Runtime API cost%n", floorWarm.handlerMedianMillis(),
                floorWarm.overheadP99Millis());
        if (concurrency != null) {
            out.println();
            out.printf(Locale.ROOT, "Concurrency (get-blog, %d ms injected into every call): %d invocations in one "
                    + "environment at concurrency %d took %.0f ms; at concurrency 1, %.0f ms (/%d = %.0f ms); ratio "
                    + "%.2f%n", concurrency.delayMillis(), concurrency.invocations(), concurrency.concurrency(),
                    concurrency.concurrentMillis(), concurrency.singleMillis(), concurrency.concurrency(),
                    concurrency.singleMillis() / concurrency.concurrency(), concurrency.ratio());
            out.printf(Locale.ROOT, "  latency at concurrency %d: median %.0f ms, p99 %.0f ms; environment memory "
                    + "(peak RSS) %d MB at concurrency %d, %d MB at 1%n", concurrency.concurrency(),
                    concurrency.latencyMedianMillis(), concurrency.latencyP99Millis(), concurrency.memoryMb(),
                    concurrency.concurrency(), concurrency.singleMemoryMb());
        }
        out.println();
        out.printf(Locale.ROOT, "Artifact: ours %.1f MB, baseline %.1f MB (ratio %.2f), floor %.1f MB%n",
                artifactBytes / 1e6, baselineBytes / 1e6, (double) artifactBytes / baselineBytes, floorBytes / 1e6);
    }

    void printTargets(PrintStream out) {
        targets().forEach((name, figure) -> out.println("ratio " + name + " " + number(figure[0]) + " target <= "
                + number(figure[1])));
    }

    /** At most two decimals, no trailing zeros: {@code 0.5}, {@code 0.43}, {@code 5}; {@code n/a} for no figure. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", value)).stripTrailingZeros()
                .toPlainString();
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("jvm", jvmVersion);
        document.put("rounds", options.rounds());
        document.put("profileRounds", options.profileRounds());
        document.put("coldStart", variants.values());
        document.put("fallback", fallback);
        document.put("overlap", overlap);
        document.put("warm", warm);
        document.put("floorWarm", floorWarm);
        document.put("aot", aot);
        document.put("concurrency", concurrency);
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("oursBytes", artifactBytes);
        sizes.put("baselineBytes", baselineBytes);
        sizes.put("floorBytes", floorBytes);
        sizes.put("cdsArchiveBytes", archiveBytes);
        document.put("artifact", sizes);
        Map<String, Object> targets = new LinkedHashMap<>();
        targets().forEach((name, figure) -> targets.put(name, Map.of("value", figure[0], "target", figure[1],
                "met", figure[0] <= figure[1])));
        document.put("targets", targets);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
    }
}
