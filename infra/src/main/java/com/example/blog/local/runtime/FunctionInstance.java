package com.example.blog.local.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
        ProcessBuilder builder = RuntimeProcess.builder(spec, settings, api.address());
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
