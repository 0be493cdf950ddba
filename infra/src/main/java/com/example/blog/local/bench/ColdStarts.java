package com.example.blog.local.bench;

import static com.example.blog.local.bench.BenchCommand.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.example.blog.local.bench.BenchCommand.BenchException;
import com.example.blog.local.runtime.FunctionJdk;
import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.runtime.LocalLambda;

/**
 * The cold-start part of the benchmark: the training runs that make the class-data-sharing archive and the AOT cache,
 * then rounds that launch every variant once each in a shuffled order (some also with class-load logging), then the
 * launches that show a missing or foreign archive or cache falling back to a plain start.
 */
final class ColdStarts {

    private static final long ORDER_SEED = 20261127L;

    private final BenchOptions options;
    private final FunctionJdk jdk;
    private final Invocations invocations;

    ColdStarts(BenchOptions options, FunctionJdk jdk, Invocations invocations) {
        this.options = options;
        this.jdk = jdk;
        this.invocations = invocations;
    }

    /**
     * What the rounds measured, by variant name, with the fallback launches and the archive's size.
     *
     * @param vmVersion    the function JDK's own build string
     * @param archiveBytes the size of the class-data-sharing archive the training run left
     */
    record Figures(String vmVersion, Map<String, List<ColdRun>> timed, Map<String, List<ColdRun>> profiled,
            BenchResults.Fallback fallback, BenchResults.AotFallback aotFallback, long archiveBytes) {
    }

    /**
     * Measures {@code floor}, {@code baseline}, {@code ours} with and without the archive (and the AOT cache on a JDK
     * that has one) and {@code compare} when not null, every launch answering {@code event}.
     */
    Figures measure(Variant floor, Variant baseline, Variant ours, Variant compare, byte[] event) throws IOException {
        Path cds = Files.createDirectories(options.out().resolve("cds"));
        Path archive = cds.resolve("blog-functions.jsa");
        Path missingArchive = cds.resolve("no-such-archive.jsa");
        Files.deleteIfExists(archive);
        Files.deleteIfExists(missingArchive);
        Variant oursCds = ours.withJvmOption(BenchCommand.OURS_CDS, "-XX:SharedArchiveFile=" + archive);
        Variant oursNoSharing = ours.withJvmOption(BenchCommand.OURS_NO_SHARING,
                "-XX:SharedArchiveFile=" + missingArchive);

        progress("training run for the class-data-sharing archive (JDK " + jdk.version() + ")");
        ColdRun training = coldStart(ours.withJvmOption("training", "-XX:ArchiveClassesAtExit=" + archive), event,
                null);
        if (!training.succeeded() || !Files.isRegularFile(archive)) {
            throw new BenchException("the training run did not leave an archive at " + archive + " (status "
                    + training.statusCode() + "; see " + options.out().resolve("functions.log") + ")");
        }
        Path foreignArchive = cds.resolve("other-jdk.jsa");
        String vmVersion = jdkRuntimeVersion();
        String foreignKind = CdsArchives.foreignCopy(archive, foreignArchive, vmVersion);

        // The JDK's ahead-of-time cache (JEP 483/514/515): classes loaded and linked, method profiles, made by one
        // training run of the same JVM (the cache is assembled when the training JVM exits).
        Path aotCache = cds.resolve("blog-functions.aot");
        Files.deleteIfExists(aotCache);
        Variant oursAot = null;
        if (FunctionJdk.feature(jdk.version()) >= 25) {
            progress("training run for the AOT cache (JDK " + jdk.version() + ")");
            ColdRun aotTraining = coldStart(ours.withJvmOption("aot-training", "-XX:AOTCacheOutput=" + aotCache),
                    event, null);
            if (aotTraining.succeeded() && Files.isRegularFile(aotCache)) {
                oursAot = ours.withJvmOption(BenchCommand.OURS_AOT, "-XX:AOTCache=" + aotCache);
            } else {
                progress("the AOT training run left no cache at " + aotCache + "; cold_aot has no figure");
            }
        }

        List<Variant> variants = new ArrayList<>(List.of(floor, baseline, ours, oursCds, oursNoSharing));
        if (oursAot != null) {
            variants.add(oursAot);
        }
        if (compare != null) {
            variants.add(compare);
        }
        if (options.rounds() >= 3) {
            // A run meant for medians first launches each variant once untimed, so that no variant pays for reading
            // its jars from disk; a smoke run (fewer rounds) has no medians to protect.
            progress("warming the file cache: one untimed launch of each variant");
            for (Variant variant : variants) {
                coldStart(variant, event, null);
            }
        }
        Map<String, List<ColdRun>> timed = new LinkedHashMap<>();
        Map<String, List<ColdRun>> profiled = new LinkedHashMap<>();
        variants.forEach(variant -> {
            timed.put(variant.name(), new ArrayList<>());
            profiled.put(variant.name(), new ArrayList<>());
        });
        Path classLogs = Files.createDirectories(options.out().resolve("class-load"));
        for (int round = 0; round < options.rounds(); round++) {
            progress("cold-start round " + (round + 1) + "/" + options.rounds());
            // A fresh order every round: a rotation would keep each variant right behind the same other one (and
            // whatever that one leaves behind, such as a JVM still exiting or a cold file cache), which showed up as a
            // steady bias between variants. Seeded, so a run can be repeated.
            List<Variant> order = new ArrayList<>(variants);
            Collections.shuffle(order, new Random(ORDER_SEED + round));
            for (Variant variant : order) {
                timed.get(variant.name()).add(coldStart(variant, event, null));
                if (round < options.profileRounds()) {
                    Path log = classLogs.resolve(variant.name() + "-" + round + ".log");
                    profiled.get(variant.name()).add(coldStart(variant, event, log));
                }
            }
        }

        progress("fallback: ours with an archive from another JDK build (" + foreignKind + ")");
        ColdRun foreign = coldStart(ours.withJvmOption("ours+foreign-cds", "-XX:SharedArchiveFile=" + foreignArchive),
                event, null);

        BenchResults.AotFallback aotFallback = null;
        if (oursAot != null) {
            progress("fallback: ours with a missing AOT cache, and with one from another JDK build");
            Path foreignCache = cds.resolve("other-jdk.aot");
            String foreignCacheKind = CdsArchives.foreignCopy(aotCache, foreignCache, vmVersion);
            ColdRun missingCache = coldStart(ours.withJvmOption("ours+missing-aot",
                    "-XX:AOTCache=" + cds.resolve("no-such-cache.aot")), event, null);
            ColdRun foreignCacheRun = coldStart(ours.withJvmOption("ours+foreign-aot", "-XX:AOTCache=" + foreignCache),
                    event, null);
            aotFallback = new BenchResults.AotFallback(Files.size(aotCache), missingCache.succeeded(),
                    foreignCacheKind, foreignCacheRun.succeeded());
        }
        BenchResults.Fallback fallback = new BenchResults.Fallback(oursNoSharing.name(),
                timed.get(BenchCommand.OURS_NO_SHARING).stream().allMatch(ColdRun::succeeded), foreignKind,
                foreign.succeeded());
        return new Figures(vmVersion, timed, profiled, fallback, aotFallback, Files.size(archive));
    }

    /** The function JDK's own build string ({@code java.vm.version}), as it appears in its archives' headers. */
    private String jdkRuntimeVersion() throws IOException {
        Path release = jdk.javaExecutable().getParent().getParent().resolve("release");
        if (Files.isRegularFile(release)) {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                    return line.substring(line.indexOf('=') + 1).replace("\"", "");
                }
            }
        }
        return jdk.version();
    }

    /** Launches a fresh environment, invokes it once and stops it. */
    private ColdRun coldStart(Variant variant, byte[] event, Path classLog) throws IOException {
        Variant launched = classLog == null ? variant : variant.withJvmOption(variant.name(),
                ClassLoadLog.option(classLog));
        if (classLog != null) {
            Files.deleteIfExists(classLog);
        }
        long launchNanos;
        long answered;
        InvocationResult result;
        try (LocalLambda lambda = invocations.lambda(launched.taskRoot(), List.of(launched.spec()))) {
            launchNanos = System.nanoTime();
            result = invocations.invoke(lambda, launched.name(), event);
            answered = System.nanoTime();
        }
        int status = Invocations.statusCode(result);
        ColdRun run = new ColdRun(result.initDurationMillis().orElse(Double.NaN), result.durationMillis(),
                (answered - launchNanos) / 1e6, status, -1, -1, -1);
        if (classLog != null && Files.isRegularFile(classLog)) {
            String handler = variant.spec().handler();
            String handlerClass = handler.substring(0, handler.indexOf("::"));
            ClassLoadLog log = ClassLoadLog.read(classLog, handlerClass, answered);
            run = run.withClasses(log.classesUntilResponse(), log.sharedUntilResponse(),
                    log.handlerLoadedNanos() < 0 ? -1 : (log.handlerLoadedNanos() - launchNanos) / 1e6);
        }
        return run;
    }

    /** A function as the benchmark launches it, named after the variant. */
    record Variant(Path taskRoot, FunctionSpec spec) {

        String name() {
            return spec.name();
        }

        Variant named(String name) {
            return new Variant(taskRoot, new FunctionSpec(name, spec.handler(), spec.memorySizeMb(),
                    spec.timeoutSeconds(), spec.environment()));
        }

        Variant withJvmOption(String newName, String option) {
            Map<String, String> changed = new LinkedHashMap<>(spec.environment());
            changed.merge("JAVA_TOOL_OPTIONS", option, (existing, added) -> existing + " " + added);
            return new Variant(taskRoot, new FunctionSpec(newName, spec.handler(), spec.memorySizeMb(),
                    spec.timeoutSeconds(), changed));
        }
    }

    /**
     * One cold start: launch to the end of init (the runtime's first request for an event), the first invocation,
     * and launch to response; with class-load logging also the classes loaded and when JVM and runtime start ended.
     */
    record ColdRun(double initMillis, double firstInvokeMillis, double totalMillis, int statusCode, int classes,
            int sharedClasses, double jvmStartMillis) {

        boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }

        ColdRun withClasses(int loaded, int shared, double jvmStart) {
            return new ColdRun(initMillis, firstInvokeMillis, totalMillis, statusCode, loaded, shared, jvmStart);
        }
    }
}
