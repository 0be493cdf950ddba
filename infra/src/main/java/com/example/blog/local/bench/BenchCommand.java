package com.example.blog.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.example.blog.local.runtime.FunctionJdk;
import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.runtime.TaskRoot;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.template.FunctionDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bench}: cold start, overlap, warm overhead and artifact size of the blog's functions against a floor and an
 * out-of-the-box SDK baseline measured in the same run, every function launched as {@code invoke} launches it (a
 * fresh JVM with the flags of Lambda's java25 runtime, on the JDK 25 that {@link FunctionJdk} finds, driven by the
 * runtime interface client through a local Runtime API), against the local stack's Data API and S3 behind
 * {@link DelayProxy}s.
 */
public final class BenchCommand {

    static final String FLOOR = "floor";
    static final String BASELINE = "baseline";
    static final String OURS = "ours";
    static final String OURS_CDS = "ours+cds";
    static final String OURS_NO_SHARING = "ours-nosharing";
    static final String OURS_AOT = "ours+aot";
    /** Lambda Managed Instances' default per-environment concurrency for one vCPU, and the bench's. */
    static final int CONCURRENCY = 32;
    static final long CONCURRENCY_DELAY_MILLIS = 50;
    static final String COMPARE = "compare";
    private static final long ORDER_SEED = 20261127L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INVOKE_LIMIT = Duration.ofSeconds(90);
    private static final int OVERLAP_WARM_UP = 20;

    private final BenchOptions options;
    private final Path root;
    private final FunctionJdk jdk = FunctionJdk.locate();
    private BenchStack backend;
    private LocalStack stack;

    private BenchCommand(BenchOptions options, Path root) {
        this.options = options;
        this.root = root;
    }

    /** Runs the benchmark for the repository at {@code root} (events are read from there). */
    static int run(BenchOptions options, PrintStream out, Path root) throws IOException {
        List<Path> artifacts = new ArrayList<>(List.of(options.artifact(), options.baseline(), options.floor()));
        if (options.compare() != null) {
            artifacts.add(options.compare());
        }
        for (Path artifact : artifacts) {
            if (!Files.isRegularFile(artifact)) {
                throw new IOException("no artifact at " + artifact + " (build with: mvn -B -DskipTests package)");
            }
        }
        BenchCommand bench = new BenchCommand(options, root);
        try {
            BenchResults results = bench.measure();
            results.print(out);
            results.writeJson(options.out().resolve("results.json"));
            ColdStartChart.write(results, options.plot());
            out.println("results: " + options.out().resolve("results.json") + ", chart: " + options.plot());
            out.println();
            results.printTargets(out);
            return 0;
        } finally {
            bench.close();
        }
    }

    private BenchResults measure() throws IOException {
        Files.createDirectories(options.out());
        progress(jdk.describe());
        progress("starting the local stack (data in " + options.dataDirectory() + ")");
        backend = BenchStack.start(options, root, jdk);
        stack = backend.stack();

        Path tasks = options.out().resolve("task");
        Path oursRoot = stack.taskRoot();
        Path baselineRoot = TaskRoot.prepare(options.baseline(), tasks.resolve("baseline"));
        Path floorRoot = TaskRoot.prepare(options.floor(), tasks.resolve("floor"));

        FunctionDefinition create = function("CreateBlogFunction");
        byte[] createEvent = Files.readAllBytes(root.resolve("events/create-blog-multipart.json"));
        Map<String, String> plainEnvironment = new LinkedHashMap<>(create.environment());
        plainEnvironment.remove("JAVA_TOOL_OPTIONS");

        Path cds = Files.createDirectories(options.out().resolve("cds"));
        Path archive = cds.resolve("blog-functions.jsa");
        Path missingArchive = cds.resolve("no-such-archive.jsa");
        Files.deleteIfExists(archive);
        Files.deleteIfExists(missingArchive);

        FunctionSpec createSpec = LocalStack.functionSpec(create);
        Variant floor = new Variant(floorRoot, new FunctionSpec(FLOOR,
                "com.example.blog.bench.FloorHandler::handleRequest", create.memorySizeMb(), create.timeoutSeconds(),
                plainEnvironment));
        Variant baseline = new Variant(baselineRoot, new FunctionSpec(BASELINE,
                "com.example.blog.bench.BaselineCreateHandler::handleRequest", create.memorySizeMb(),
                create.timeoutSeconds(), plainEnvironment));
        Variant ours = new Variant(oursRoot, createSpec).named(OURS);
        Variant oursCds = ours.withJvmOption(OURS_CDS, "-XX:SharedArchiveFile=" + archive);
        Variant oursNoSharing = ours.withJvmOption(OURS_NO_SHARING, "-XX:SharedArchiveFile=" + missingArchive);

        progress("training run for the class-data-sharing archive (JDK " + jdk.version() + ")");
        ColdRun training = coldStart(ours.withJvmOption("training", "-XX:ArchiveClassesAtExit=" + archive),
                createEvent, null);
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
                    createEvent, null);
            if (aotTraining.succeeded() && Files.isRegularFile(aotCache)) {
                oursAot = ours.withJvmOption(OURS_AOT, "-XX:AOTCache=" + aotCache);
            } else {
                progress("the AOT training run left no cache at " + aotCache + "; cold_aot has no figure");
            }
        }

        List<Variant> variants = new ArrayList<>(List.of(floor, baseline, ours, oursCds, oursNoSharing));
        if (oursAot != null) {
            variants.add(oursAot);
        }
        if (options.compare() != null) {
            variants.add(new Variant(TaskRoot.prepare(options.compare(), tasks.resolve(COMPARE)), createSpec)
                    .named(COMPARE));
        }
        if (options.rounds() >= 3) {
            // A run meant for medians first launches each variant once untimed, so that no variant pays for reading
            // its jars from disk; a smoke run (fewer rounds) has no medians to protect.
            progress("warming the file cache: one untimed launch of each variant");
            for (Variant variant : variants) {
                coldStart(variant, createEvent, null);
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
                timed.get(variant.name()).add(coldStart(variant, createEvent, null));
                if (round < options.profileRounds()) {
                    Path log = classLogs.resolve(variant.name() + "-" + round + ".log");
                    profiled.get(variant.name()).add(coldStart(variant, createEvent, log));
                }
            }
        }

        progress("fallback: ours with an archive from another JDK build (" + foreignKind + ")");
        ColdRun foreign = coldStart(ours.withJvmOption("ours+foreign-cds", "-XX:SharedArchiveFile=" + foreignArchive),
                createEvent, null);

        BenchResults.AotFallback aotFallback = null;
        if (oursAot != null) {
            progress("fallback: ours with a missing AOT cache, and with one from another JDK build");
            Path foreignCache = cds.resolve("other-jdk.aot");
            String foreignCacheKind = CdsArchives.foreignCopy(aotCache, foreignCache, vmVersion);
            ColdRun missingCache = coldStart(ours.withJvmOption("ours+missing-aot",
                    "-XX:AOTCache=" + cds.resolve("no-such-cache.aot")), createEvent, null);
            ColdRun foreignCacheRun = coldStart(ours.withJvmOption("ours+foreign-aot", "-XX:AOTCache=" + foreignCache),
                    createEvent, null);
            aotFallback = new BenchResults.AotFallback(Files.size(aotCache), missingCache.succeeded(),
                    foreignCacheKind, foreignCacheRun.succeeded());
        }

        progress("overlap: create and update with image, " + options.delayMillis() + " ms injected per call");
        Overlap overlap = overlap(oursRoot, create, createEvent);

        progress("warm overhead: " + options.warm() + " warm get-blog invocations, then as many of the floor");
        FunctionDefinition get = function("GetBlogFunction");
        byte[] getEvent = Files.readAllBytes(root.resolve("events/get-blog.json"));
        Warm warm = warm(oursRoot, LocalStack.functionSpec(get), getEvent);
        Warm floorWarm = warm(floorRoot, floor.spec(), getEvent);

        progress("concurrency: get-blog in one environment at concurrency " + CONCURRENCY + " and at 1, "
                + CONCURRENCY_DELAY_MILLIS + " ms injected per call");
        Concurrency concurrency = concurrency(oursRoot, LocalStack.functionSpec(get), getEvent);

        return new BenchResults(options, vmVersion, timed, profiled,
                new BenchResults.Fallback(oursNoSharing.name(), allSucceeded(timed.get(OURS_NO_SHARING)),
                        foreignKind, foreign.succeeded()),
                overlap, warm, floorWarm, Files.size(options.artifact()), Files.size(options.baseline()),
                Files.size(options.floor()), Files.size(archive), aotFallback, concurrency);
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

    /**
     * The same work (get-blog, one Data API call each, {@link #CONCURRENCY_DELAY_MILLIS} injected) in one environment
     * running {@link #CONCURRENCY} invocations at once, as Lambda Managed Instances does, and in one environment
     * running one at a time, whose time divided by {@link #CONCURRENCY} is what as many classic environments would
     * take side by side.
     */
    private Concurrency concurrency(Path taskRoot, FunctionSpec function, byte[] event) {
        int invocations = options.rounds() >= 3 ? 10 * CONCURRENCY : 2 * CONCURRENCY;
        setDelay(CONCURRENCY_DELAY_MILLIS);
        try {
            double singleMillis;
            long singleMemory;
            try (LocalLambda lambda = lambda(taskRoot, List.of(function), 1)) {
                for (int i = 0; i < OVERLAP_WARM_UP; i++) {
                    requireSuccess(invoke(lambda, function.name(), event));
                }
                long start = System.nanoTime();
                InvocationResult last = null;
                for (int i = 0; i < invocations; i++) {
                    last = invoke(lambda, function.name(), event);
                    requireSuccess(last);
                }
                singleMillis = (System.nanoTime() - start) / 1e6;
                singleMemory = last.maxMemoryUsedMb();
            }
            ExecutorService callers = Executors.newFixedThreadPool(CONCURRENCY);
            try (LocalLambda lambda = lambda(taskRoot, List.of(function), CONCURRENCY)) {
                // Untimed: the cold start, then every runtime thread and connection in use a few times.
                requireSuccess(invoke(lambda, function.name(), event));
                runConcurrently(callers, lambda, function.name(), event, 3 * CONCURRENCY);
                long start = System.nanoTime();
                List<double[]> measured = runConcurrently(callers, lambda, function.name(), event, invocations);
                double concurrentMillis = (System.nanoTime() - start) / 1e6;
                List<Double> latencies = measured.stream().map(figures -> figures[0]).toList();
                long memory = (long) measured.stream().mapToDouble(figures -> figures[1]).max().orElse(0);
                return new Concurrency(CONCURRENCY, invocations, CONCURRENCY_DELAY_MILLIS, concurrentMillis,
                        singleMillis, Stats.median(latencies), Stats.percentile(latencies, 99), memory, singleMemory);
            } finally {
                callers.shutdownNow();
            }
        } finally {
            backend.setDelay(0);
            backend.clearCalls();
        }
    }

    /** {@code count} invocations from {@link #CONCURRENCY} callers at once: each one's latency and memory figure. */
    private List<double[]> runConcurrently(ExecutorService callers, LocalLambda lambda, String function, byte[] event,
            int count) {
        List<Future<List<double[]>>> futures = new ArrayList<>();
        for (int caller = 0; caller < CONCURRENCY; caller++) {
            int share = count / CONCURRENCY + (caller < count % CONCURRENCY ? 1 : 0);
            futures.add(callers.submit(() -> {
                List<double[]> figures = new ArrayList<>();
                for (int i = 0; i < share; i++) {
                    long start = System.nanoTime();
                    InvocationResult result = invoke(lambda, function, event);
                    requireSuccess(result);
                    figures.add(new double[] {(System.nanoTime() - start) / 1e6, result.maxMemoryUsedMb()});
                }
                return figures;
            }));
        }
        List<double[]> all = new ArrayList<>();
        for (Future<List<double[]>> future : futures) {
            try {
                all.addAll(future.get(INVOKE_LIMIT.toMillis() * 4, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted");
            } catch (Exception e) {
                throw new BenchException("concurrent get-blog invocations failed: " + e);
            }
        }
        return all;
    }

    private static boolean allSucceeded(List<ColdRun> runs) {
        return runs.stream().allMatch(ColdRun::succeeded);
    }

    private FunctionDefinition function(String logicalId) {
        return stack.template().function(logicalId).orElseThrow(
                () -> new BenchException("the template has no " + logicalId));
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
        try (LocalLambda lambda = lambda(launched.taskRoot(), List.of(launched.spec()))) {
            launchNanos = System.nanoTime();
            result = invoke(lambda, launched.name(), event);
            answered = System.nanoTime();
        }
        int status = statusCode(result);
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

    private Overlap overlap(Path oursRoot, FunctionDefinition create, byte[] createEvent) throws IOException {
        FunctionDefinition update = function("UpdateBlogFunction");
        ObjectNode updateTemplate = (ObjectNode) JSON.readTree(root.resolve("events/update-blog-multipart.json")
                .toFile());
        List<Double> createRatios = new ArrayList<>();
        List<Double> updateRatios = new ArrayList<>();
        List<Double> createMillis = new ArrayList<>();
        List<Double> createSums = new ArrayList<>();
        List<Double> updateMillis = new ArrayList<>();
        List<Double> updateSums = new ArrayList<>();
        int createCalls = 0;
        int updateCalls = 0;
        try (LocalLambda lambda = lambda(oursRoot, List.of(
                LocalStack.functionSpec(create), LocalStack.functionSpec(update)))) {
            // Untimed: the cold starts, then enough invocations that the composition, not the interpreter, is what
            // the timed ones measure.
            setDelay(0);
            for (int i = 0; i < OVERLAP_WARM_UP; i++) {
                String id = createdId(invoke(lambda, create.logicalId(), createEvent));
                requireSuccess(invoke(lambda, update.logicalId(), updateEvent(updateTemplate, id)));
            }
            setDelay(options.delayMillis());
            for (int i = 0; i < options.overlapRuns(); i++) {
                Timed created = timed(lambda, create.logicalId(), createEvent);
                createMillis.add(created.durationMillis());
                createSums.add(created.sequentialMillis());
                createRatios.add(created.durationMillis() / created.sequentialMillis());
                createCalls = created.calls();
                Timed updated = timed(lambda, update.logicalId(),
                        updateEvent(updateTemplate, createdId(created.result())));
                updateMillis.add(updated.durationMillis());
                updateSums.add(updated.sequentialMillis());
                updateRatios.add(updated.durationMillis() / updated.sequentialMillis());
                updateCalls = updated.calls();
            }
        } finally {
            setDelay(0);
        }
        return new Overlap(options.delayMillis(), Stats.median(createMillis), Stats.median(createSums),
                Stats.median(createRatios), createCalls, Stats.median(updateMillis), Stats.median(updateSums),
                Stats.median(updateRatios), updateCalls);
    }

    /** Warm invocations of one function: handler time, backend time and the difference. */
    private Warm warm(Path taskRoot, FunctionSpec function, byte[] event) {
        List<Double> handler = new ArrayList<>();
        List<Double> backend = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        setDelay(0);
        try (LocalLambda lambda = lambda(taskRoot, List.of(function))) {
            requireSuccess(invoke(lambda, function.name(), event));
            for (int i = 0; i < options.warm(); i++) {
                Timed timed = timed(lambda, function.name(), event);
                handler.add(timed.durationMillis());
                backend.add(timed.backendMillis());
                overhead.add(timed.durationMillis() - timed.backendMillis());
            }
        }
        return new Warm(options.warm(), Stats.median(handler), Stats.median(backend), Stats.median(overhead),
                Stats.percentile(overhead, 99));
    }

    /** One warm invocation with the backend calls it made. */
    private Timed timed(LocalLambda lambda, String function, byte[] event) {
        backend.clearCalls();
        long start = System.nanoTime();
        InvocationResult result = invoke(lambda, function, event);
        requireSuccess(result);
        List<DelayProxy.Call> calls = backend.callsSince(start);
        double sequential = calls.stream().mapToDouble(DelayProxy.Call::millis).sum();
        long union = Stats.unionLength(calls.stream()
                .map(call -> new long[] {call.startNanos(), call.endNanos()}).toList());
        return new Timed(result, result.durationMillis(), sequential, union / 1e6, calls.size());
    }

    private record Timed(InvocationResult result, double durationMillis, double sequentialMillis,
            double backendMillis, int calls) {
    }

    private static byte[] updateEvent(ObjectNode template, String id) throws IOException {
        ObjectNode event = template.deepCopy();
        event.put("rawPath", "/blogs/" + id);
        event.withObject("/pathParameters").put("id", id);
        JsonNode context = event.get("requestContext");
        if (context instanceof ObjectNode requestContext && requestContext.get("http") instanceof ObjectNode http) {
            http.put("path", "/blogs/" + id);
        }
        return JSON.writeValueAsBytes(event);
    }

    private InvocationResult invoke(LocalLambda lambda, String function, byte[] event) {
        try {
            return lambda.invoke(function, event).get(INVOKE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        } catch (Exception e) {
            throw new BenchException(function + " could not be invoked: " + e);
        }
    }

    private static String createdId(InvocationResult result) {
        requireSuccess(result);
        try {
            JsonNode response = JSON.readTree(result.payload());
            return JSON.readTree(response.path("body").asText()).path("id").asText();
        } catch (IOException e) {
            throw new BenchException("create answered something other than a blog: " + result.payloadAsString());
        }
    }

    private static void requireSuccess(InvocationResult result) {
        int status = statusCode(result);
        if (status < 200 || status >= 300) {
            throw new BenchException(result.functionName() + " failed (status " + status + "): "
                    + result.payloadAsString());
        }
    }

    /** The HTTP status the function answered, or -1 when it did not answer with a response. */
    private static int statusCode(InvocationResult result) {
        if (result.status() != InvocationResult.Status.SUCCESS) {
            return -1;
        }
        try {
            return JSON.readTree(result.payload()).path("statusCode").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private LocalLambda lambda(Path taskRoot, List<FunctionSpec> functions) {
        return backend.lambda(taskRoot, functions, 1);
    }

    private LocalLambda lambda(Path taskRoot, List<FunctionSpec> functions, int maxConcurrency) {
        return backend.lambda(taskRoot, functions, maxConcurrency);
    }

    private void setDelay(long millis) {
        backend.setDelay(millis);
    }

    private void progress(String message) {
        System.err.println("bench: " + message);
    }

    private void close() {
        if (backend != null) {
            backend.close();
        }
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

    /** The overlap figures: medians of latency, of the sum of the calls' latencies, and of their ratio per run. */
    record Overlap(long delayMillis, double createMillis, double createSequentialMillis, double createRatio,
            int createCalls, double updateMillis, double updateSequentialMillis, double updateRatio,
            int updateCalls) {
    }

    /**
     * One environment at concurrency {@code concurrency} against one at concurrency 1, the same invocations each:
     * wall times, the concurrent run's latency median and p99 (per invocation, as its caller saw it), and each
     * environment's peak resident memory.
     */
    record Concurrency(int concurrency, int invocations, long delayMillis, double concurrentMillis,
            double singleMillis, double latencyMedianMillis, double latencyP99Millis, long memoryMb,
            long singleMemoryMb) {

        /** time(1 env x N) / (time(1 env x 1) / N). */
        double ratio() {
            return concurrentMillis / (singleMillis / concurrency);
        }
    }

    /** Warm get-blog invocations: handler time, backend time (union of call intervals), and their difference. */
    record Warm(int invocations, double handlerMedianMillis, double backendMedianMillis, double overheadMedianMillis,
            double overheadP99Millis) {
    }

    /** The benchmark cannot go on. */
    static final class BenchException extends RuntimeException {
        BenchException(String message) {
            super(message);
        }
    }
}
