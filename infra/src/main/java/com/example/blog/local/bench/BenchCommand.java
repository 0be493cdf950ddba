package com.example.blog.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.blog.local.bench.ColdStarts.Variant;
import com.example.blog.local.bench.ConcurrencyBench.Concurrency;
import com.example.blog.local.bench.OverlapBench.Overlap;
import com.example.blog.local.bench.WarmBench.Warm;
import com.example.blog.local.runtime.FunctionJdk;
import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.TaskRoot;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.template.FunctionDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bench}: cold start, overlap, warm overhead and artifact size of the blog's functions against a floor and an
 * out-of-the-box SDK baseline measured in the same run, every function launched as {@code invoke} launches it (a
 * fresh JVM with the flags of Lambda's java25 runtime, on the JDK 25 that {@link FunctionJdk} finds, driven by the
 * runtime interface client through a local Runtime API), against the local stack's Data API and S3 behind
 * {@link DelayProxy}s. This class sets up the stack and the variants; each measurement is its own class.
 */
public final class BenchCommand {

    static final String FLOOR = "floor";
    static final String BASELINE = "baseline";
    static final String OURS = "ours";
    static final String OURS_CDS = "ours+cds";
    static final String OURS_NO_SHARING = "ours-nosharing";
    static final String OURS_AOT = "ours+aot";
    static final String COMPARE = "compare";

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
        Invocations invocations = new Invocations(backend);

        Path tasks = options.out().resolve("task");
        Path oursRoot = stack.taskRoot();
        Path baselineRoot = TaskRoot.prepare(options.baseline(), tasks.resolve("baseline"));
        Path floorRoot = TaskRoot.prepare(options.floor(), tasks.resolve("floor"));

        FunctionDefinition create = function("CreateBlogFunction");
        byte[] createEvent = Files.readAllBytes(root.resolve("events/create-blog-multipart.json"));
        Map<String, String> plainEnvironment = new LinkedHashMap<>(create.environment());
        plainEnvironment.remove("JAVA_TOOL_OPTIONS");

        FunctionSpec createSpec = LocalStack.functionSpec(create);
        Variant floor = new Variant(floorRoot, new FunctionSpec(FLOOR,
                "com.example.blog.bench.FloorHandler::handleRequest", create.memorySizeMb(), create.timeoutSeconds(),
                plainEnvironment));
        Variant baseline = new Variant(baselineRoot, new FunctionSpec(BASELINE,
                "com.example.blog.bench.BaselineCreateHandler::handleRequest", create.memorySizeMb(),
                create.timeoutSeconds(), plainEnvironment));
        Variant ours = new Variant(oursRoot, createSpec).named(OURS);
        Variant compare = options.compare() == null ? null
                : new Variant(TaskRoot.prepare(options.compare(), tasks.resolve(COMPARE)), createSpec).named(COMPARE);
        ColdStarts.Figures cold = new ColdStarts(options, jdk, invocations)
                .measure(floor, baseline, ours, compare, createEvent);

        progress("overlap: create and update with image, " + options.delayMillis() + " ms injected per call");
        ObjectNode updateTemplate = (ObjectNode) Invocations.JSON.readTree(
                root.resolve("events/update-blog-multipart.json").toFile());
        Overlap overlap = new OverlapBench(invocations, options.delayMillis(), options.overlapRuns())
                .measure(oursRoot, create, function("UpdateBlogFunction"), createEvent, updateTemplate);

        progress("warm overhead: " + options.warm() + " warm get-blog invocations, then as many of the floor");
        FunctionDefinition get = function("GetBlogFunction");
        byte[] getEvent = Files.readAllBytes(root.resolve("events/get-blog.json"));
        WarmBench warmBench = new WarmBench(invocations, options.warm());
        Warm warm = warmBench.measure(oursRoot, LocalStack.functionSpec(get), getEvent);
        Warm floorWarm = warmBench.measure(floorRoot, floor.spec(), getEvent);

        progress("concurrency: get-blog in one environment at concurrency " + ConcurrencyBench.CONCURRENCY
                + " and at 1, " + ConcurrencyBench.DELAY_MILLIS + " ms injected per call");
        int concurrentInvocations = options.rounds() >= 3 ? 10 * ConcurrencyBench.CONCURRENCY
                : 2 * ConcurrencyBench.CONCURRENCY;
        Concurrency concurrency = new ConcurrencyBench(invocations, concurrentInvocations)
                .measure(oursRoot, LocalStack.functionSpec(get), getEvent);

        return new BenchResults(options, cold.vmVersion(), cold.timed(), cold.profiled(), cold.fallback(), overlap,
                warm, floorWarm, Files.size(options.artifact()), Files.size(options.baseline()),
                Files.size(options.floor()), cold.archiveBytes(), cold.aotFallback(), concurrency);
    }

    private FunctionDefinition function(String logicalId) {
        return stack.template().function(logicalId).orElseThrow(
                () -> new BenchException("the template has no " + logicalId));
    }

    static void progress(String message) {
        System.err.println("bench: " + message);
    }

    private void close() {
        if (backend != null) {
            backend.close();
        }
    }

    /** The benchmark cannot go on. */
    static final class BenchException extends RuntimeException {
        BenchException(String message) {
            super(message);
        }
    }
}
