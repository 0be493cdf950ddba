package com.example.blog.local.runtime;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.blog.local.DaemonThreads;

/**
 * The local Lambda service: invokes functions synchronously (RequestResponse), each in its own process-isolated
 * execution environments running the real runtime interface client.
 */
public final class LocalLambda implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLambda.class);

    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private final RuntimeSettings settings;

    public LocalLambda(RuntimeSettings settings, Collection<FunctionSpec> functions) {
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lambda-timeouts"));
        for (FunctionSpec function : functions) {
            pools.put(function.name(), new FunctionPool(function, settings, timer));
        }
    }

    /**
     * Invokes a function with an event (a JSON document). Completes with the result, whatever the function did;
     * completes exceptionally only when no environment could be started.
     */
    public CompletableFuture<InvocationResult> invoke(String functionName, byte[] event) {
        FunctionPool pool = pools.get(functionName);
        if (pool == null) {
            return CompletableFuture.failedFuture(new NoSuchElementException("no function named " + functionName));
        }
        if (event.length > RuntimeApiServer.MAX_PAYLOAD_BYTES) {
            return CompletableFuture.completedFuture(new InvocationResult("", functionName,
                    InvocationResult.Status.REQUEST_TOO_LARGE, ErrorDocuments.of("Request must be smaller than "
                            + RuntimeApiServer.MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation",
                            "RequestEntityTooLargeException"), 0, OptionalDouble.empty(),
                    pool.spec().memorySizeMb(), 0));
        }
        return pool.invoke(event);
    }

    /**
     * Shuts every execution environment down (SIGTERM, so the functions' shutdown hooks run) and waits for them,
     * at most the grace period plus the time a killed process takes to go.
     */
    @Override
    public void close() {
        CompletableFuture<?>[] shutdowns = pools.values().stream().map(FunctionPool::shutdown)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(shutdowns).get(settings.shutdownGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("function environments did not all stop: {}", e.toString());
        } finally {
            timer.shutdownNow();
        }
    }
}
