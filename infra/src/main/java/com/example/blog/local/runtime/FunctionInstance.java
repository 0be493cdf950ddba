package com.example.blog.local.runtime;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment: a fresh JVM running the Lambda runtime interface client against its own Runtime API,
 * with the deployment artifact as task root.
 *
 * <p>A process per instance is what gives each function its own environment variables (the AWS SDK reads its
 * endpoints and settings from the process environment) and its own static state, as on Lambda. An instance
 * handles at most {@link RuntimeSettings#maxConcurrency()} events at once (one unless it emulates Lambda Managed
 * Instances, where the runtime is told {@code AWS_LAMBDA_MAX_CONCURRENCY} and polls that many events in parallel); the
 * pool above it guarantees that.
 */
final class FunctionInstance implements RuntimeApiServer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionInstance.class);
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Lambda gives the init phase 10 s; when it overruns, init is retried within the first invocation. */
    private static final long INIT_LIMIT_MILLIS = 10_000;

    private final FunctionSpec spec;
    private final RuntimeSettings settings;
    private final ScheduledExecutorService timer;
    private final String prefix;
    private final RuntimeApiServer api;
    private final Process process;
    private final long startNanos;
    private final List<Thread> pumps = new ArrayList<>();
    private volatile long initDoneNanos;
    private volatile boolean initReported;
    private volatile boolean retired;
    /** Events handed to this environment and not yet answered: queued, or being run by the runtime. */
    private final Set<PendingInvocation> inFlight = ConcurrentHashMap.newKeySet();

    private FunctionInstance(FunctionSpec spec, RuntimeSettings settings, ScheduledExecutorService timer,
            int ordinal) throws IOException {
        this.spec = spec;
        this.settings = settings;
        this.timer = timer;
        this.prefix = "[" + spec.name() + "] ";
        this.api = RuntimeApiServer.start(spec.name() + "-" + ordinal,
                spec.functionArn(settings.region(), settings.accountId()), this);
        ProcessBuilder builder = new ProcessBuilder(command())
                .directory(settings.taskRoot().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment());
        this.startNanos = System.nanoTime();
        try {
            this.process = builder.start();
        } catch (IOException e) {
            api.close();
            throw e;
        }
        pump(process.getInputStream(), "out");
        pump(process.getErrorStream(), "err");
        process.onExit().thenRun(this::exited);
        LOG.debug("{} instance {} started as pid {}", spec.name(), ordinal, process.pid());
    }

    static FunctionInstance start(FunctionSpec spec, RuntimeSettings settings, ScheduledExecutorService timer,
            int ordinal) throws IOException {
        return new FunctionInstance(spec, settings, timer, ordinal);
    }

    /**
     * The JVM as Lambda's java25 runtime starts an on-demand environment (C1 only, serial GC, the JDK's class data
     * archive by default), with the heap sized from the function's memory.
     */
    private List<String> command() throws IOException {
        List<String> command = new ArrayList<>();
        // In a session of its own, the runtime does not get the terminal's Ctrl-C: like Lambda's, it hears only the
        // SIGTERM of the orderly shutdown, after the gateway has stopped taking requests.
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(settings.javaExecutable().toString());
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        // Class-data sharing is left at the JVM's default (-Xshare:auto): an explicit -Xshare, even the default,
        // forbids the JDK 25 AOT cache options (-XX:AOTCache, -XX:AOTCacheOutput) that java25 functions may set.
        command.add("-Xmx" + (spec.memorySizeMb() * 1024L * 85 / 100) + "k");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        Path nativeClient = settings.runtimeLibrary().resolve(RuntimeJars.NATIVE_CLIENT);
        if (Files.isRegularFile(nativeClient)) {
            command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeClient);
        }
        command.add("-classpath");
        command.add(runtimeClasspath());
        command.add(RUNTIME_MAIN);
        command.add(spec.handler());
        return command;
    }

    /**
     * Only the runtime's jars: the runtime client loads the function from the task root (the directory itself and
     * every {@code lib/*.jar}) with its own class loader, as on Lambda.
     */
    private String runtimeClasspath() throws IOException {
        try (Stream<Path> jars = Files.list(settings.runtimeLibrary())) {
            return String.join(File.pathSeparator, jars
                    .filter(jar -> jar.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .map(Path::toString)
                    .toList());
        }
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>(spec.environment());
        environment.putAll(settings.serviceEnvironment());
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        // What Lambda sets; these win over the function's own variables, which may not redefine them.
        environment.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memorySizeMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME",
                today + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
        if (settings.maxConcurrency() > 1) {
            // Lambda Managed Instances: the runtime interface client runs this many runtime loops, each on its own
            // thread polling /invocation/next, in one JVM.
            environment.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(settings.maxConcurrency()));
        }
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        environment.put("AWS_REGION", settings.region());
        environment.put("AWS_DEFAULT_REGION", settings.region());
        environment.put("_HANDLER", spec.handler());
        environment.put("LAMBDA_TASK_ROOT", settings.taskRoot().toString());
        environment.put("LAMBDA_RUNTIME_DIR", settings.runtimeLibrary().getParent().toString());
        environment.put("TZ", ":UTC");
        // Lambda's java runtimes put the task root and its lib/ on the library path (the JVM's java.library.path
        // comes from it), which is where an artifact can ship native libraries ready to load.
        Path taskRoot = settings.taskRoot();
        environment.put("LD_LIBRARY_PATH", taskRoot + File.pathSeparator + taskRoot.resolve("lib"));
        // Lambda sets en_US.UTF-8; C.UTF-8 gives the JVM the same UTF-8 defaults and exists on every glibc system.
        environment.put("LANG", "C.UTF-8");
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        // A Lambda sandbox has no ~/.aws: keep the developer's profiles out of the functions' SDK configuration.
        Path noFile = settings.runtimeLibrary().resolve("no-such-aws-config");
        environment.put("AWS_CONFIG_FILE", noFile.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", noFile.toString());
        return environment;
    }

    private void pump(InputStream stream, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    settings.console().accept(prefix + line);
                }
            } catch (IOException e) {
                LOG.debug("{} std{} closed: {}", spec.name(), name, e.getMessage());
            }
        }, spec.name() + "-std" + name);
        thread.setDaemon(true);
        thread.start();
        pumps.add(thread);
    }

    /** Whether this instance can take another event. */
    boolean isUsable() {
        return !retired && process.isAlive();
    }

    /** Runs one event. The caller guarantees that fewer than {@code maxConcurrency} others are in flight. */
    CompletableFuture<InvocationResult> invoke(byte[] event) {
        PendingInvocation invocation = PendingInvocation.create(event, spec.timeoutSeconds() * 1000L);
        boolean cold;
        synchronized (this) {
            cold = !initReported;
            initReported = true;
        }
        inFlight.add(invocation);
        if (!isUsable()) {
            invocation.answer(exitError(invocation));
        } else if (initDoneNanos == 0) {
            // Not yet polled for: the init phase's own limit runs before the invocation's.
            invocation.watchdog(timer.schedule(() -> timedOut(invocation),
                    INIT_LIMIT_MILLIS + invocation.timeoutMillis(), TimeUnit.MILLISECONDS));
        }
        api.enqueue(invocation);
        return invocation.answer().thenApply(answer -> finish(invocation, answer, cold));
    }

    private PendingInvocation.Answer exitError(PendingInvocation invocation) {
        return PendingInvocation.Answer.failure(InvocationResult.Status.RUNTIME_ERROR, "Runtime.ExitError",
                ErrorDocuments.of("RequestId: " + invocation.requestId()
                        + " Error: Runtime exited with error: exit status " + exitStatus(), "Runtime.ExitError"));
    }

    @Override
    public void nextRequested() {
        if (initDoneNanos == 0) {
            initDoneNanos = System.nanoTime();
        }
    }

    @Override
    public void delivered(PendingInvocation invocation) {
        settings.console().accept(prefix + "START RequestId: " + invocation.requestId() + " Version: $LATEST");
        invocation.watchdog(timer.schedule(() -> timedOut(invocation), invocation.timeoutMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public void initError(String errorType, byte[] document) {
        for (PendingInvocation invocation : inFlight) {
            invocation.answer(PendingInvocation.Answer.failure(InvocationResult.Status.RUNTIME_ERROR, errorType,
                    document));
        }
    }

    /** Lambda stops an environment whose function overruns its timeout; the next event gets a new one. */
    private void timedOut(PendingInvocation invocation) {
        String message = String.format(Locale.ROOT, "%s %s Task timed out after %.2f seconds",
                DateTimeFormatter.ISO_INSTANT.format(Instant.now()), invocation.requestId(),
                invocation.timeoutMillis() / 1000.0);
        if (invocation.answer(PendingInvocation.Answer.failure(InvocationResult.Status.TIMEOUT, "Sandbox.Timedout",
                ErrorDocuments.message(message)))) {
            settings.console().accept(prefix + message);
            retired = true;
            process.toHandle().destroyForcibly();
        }
    }

    private void exited() {
        retired = true;
        LOG.debug("{} (pid {}) exited with status {}", spec.name(), process.pid(), process.exitValue());
        // Every event the environment held is lost with it, as on Lambda.
        for (PendingInvocation invocation : inFlight) {
            invocation.answer(exitError(invocation));
        }
        api.close();
    }

    private String exitStatus() {
        return process.isAlive() ? "unknown" : Integer.toString(process.exitValue());
    }

    private InvocationResult finish(PendingInvocation invocation, PendingInvocation.Answer answer, boolean cold) {
        invocation.cancelWatchdog();
        inFlight.remove(invocation);
        if (answer.status() == InvocationResult.Status.TIMEOUT) {
            // Answering the timeout runs the pool's release on the watchdog's thread before timedOut() goes on to
            // retire and kill this environment; the pool must already see it unusable, or it hands the next event
            // to a process about to die.
            retired = true;
        }
        double duration = invocation.isDelivered()
                ? (answer.answeredNanos() - invocation.deliveredNanos()) / 1e6 : 0;
        OptionalDouble init = OptionalDouble.empty();
        if (cold) {
            long initEnd = initDoneNanos != 0 ? initDoneNanos : answer.answeredNanos();
            init = OptionalDouble.of((initEnd - startNanos) / 1e6);
        }
        InvocationResult result = new InvocationResult(invocation.requestId(), spec.name(), answer.status(),
                answer.body(), duration, init, spec.memorySizeMb(), maxMemoryUsedMb());
        settings.console().accept(prefix + "END RequestId: " + invocation.requestId());
        settings.console().accept(prefix + result.reportLine());
        return result;
    }

    /** Peak resident set size of the process, which is what Lambda's Max Memory Used reports. */
    private long maxMemoryUsedMb() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    long kilobytes = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    return Math.round(kilobytes / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no memory figures for pid {}: {}", process.pid(), e.toString());
        }
        return 0;
    }

    /**
     * Ends the environment as Lambda's shutdown phase does: SIGTERM, so the JVM runs its shutdown hooks, then
     * SIGKILL if it has not exited within the grace period. Completes once the process is gone and its output
     * has been forwarded.
     */
    CompletableFuture<Void> shutdown() {
        retired = true;
        // Through the process handle: Process.destroy() would also close our ends of the process's stdout and
        // stderr, losing what the shutdown hooks print.
        process.toHandle().destroy();
        return process.onExit()
                .completeOnTimeout(null, settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(exited -> {
                    if (exited == null) {
                        LOG.warn("{} (pid {}) did not stop within {} ms of SIGTERM; killing it", spec.name(),
                                process.pid(), settings.shutdownGrace().toMillis());
                        process.toHandle().destroyForcibly();
                        return process.onExit();
                    }
                    return CompletableFuture.completedFuture(exited);
                })
                .thenRun(() -> {
                    for (Thread pump : pumps) {
                        try {
                            pump.join(1000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    api.close();
                });
    }
}
