package com.example.blog.local.runtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The execution environments of one function: created on demand, reused warm, each running at most
 * {@code maxConcurrency} events at once (one on classic Lambda), at most {@code maxInstances} of them; further events
 * wait for a free slot, like requests throttled by a reserved concurrency but queued instead of rejected.
 *
 * <p>An event goes to the oldest environment with a free slot, so a burst's extra environments go cold while the
 * first ones keep serving, and with Managed Instances' concurrency one environment fills up before another starts.
 */
final class FunctionPool {

    private final FunctionSpec spec;
    private final RuntimeSettings settings;
    private final ScheduledExecutorService timer;
    /** In creation order. */
    private final List<FunctionInstance> instances = new ArrayList<>();
    private final Map<FunctionInstance, Integer> running = new HashMap<>();
    private final ArrayDeque<CompletableFuture<FunctionInstance>> waiting = new ArrayDeque<>();
    private int created;
    private boolean closed;

    FunctionPool(FunctionSpec spec, RuntimeSettings settings, ScheduledExecutorService timer) {
        this.spec = spec;
        this.settings = settings;
        this.timer = timer;
    }

    FunctionSpec spec() {
        return spec;
    }

    CompletableFuture<InvocationResult> invoke(byte[] event) {
        return acquire().thenCompose(instance -> instance.invoke(event)
                .whenComplete((result, failure) -> release(instance)));
    }

    private synchronized CompletableFuture<FunctionInstance> acquire() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the local Lambda is shutting down"));
        }
        FunctionInstance free = freeSlot();
        if (free != null) {
            running.merge(free, 1, Integer::sum);
            return CompletableFuture.completedFuture(free);
        }
        if (instances.size() >= settings.maxInstancesPerFunction()) {
            CompletableFuture<FunctionInstance> turn = new CompletableFuture<>();
            waiting.add(turn);
            return turn;
        }
        try {
            FunctionInstance instance = newInstance();
            running.merge(instance, 1, Integer::sum);
            return CompletableFuture.completedFuture(instance);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The oldest usable environment with a free slot; forgets the unusable ones that nothing runs on any more. */
    private FunctionInstance freeSlot() {
        instances.removeIf(instance -> !instance.isUsable() && running.getOrDefault(instance, 0) == 0);
        for (FunctionInstance instance : instances) {
            if (instance.isUsable() && running.getOrDefault(instance, 0) < settings.maxConcurrency()) {
                return instance;
            }
        }
        return null;
    }

    private FunctionInstance newInstance() throws IOException {
        FunctionInstance instance = FunctionInstance.start(spec, settings, timer, ++created);
        instances.add(instance);
        return instance;
    }

    private void release(FunctionInstance instance) {
        CompletableFuture<FunctionInstance> next;
        FunctionInstance handOver;
        synchronized (this) {
            if (running.merge(instance, -1, Integer::sum) <= 0) {
                running.remove(instance);
            }
            next = closed ? null : waiting.poll();
            if (next == null) {
                freeSlot();
                return;
            }
            handOver = freeSlot();
            if (handOver == null && instances.size() < settings.maxInstancesPerFunction()) {
                try {
                    handOver = newInstance();
                } catch (IOException e) {
                    next.completeExceptionally(e);
                    return;
                }
            }
            if (handOver == null) {
                // Every slot is taken by events still running on an environment being retired: wait for them.
                waiting.addFirst(next);
                return;
            }
            running.merge(handOver, 1, Integer::sum);
        }
        // Completed outside the lock: the waiter's continuation starts its invocation on this thread.
        next.complete(handOver);
    }

    /** Shuts every instance down at once (SIGTERM each, bounded by the grace period). */
    CompletableFuture<Void> shutdown() {
        List<FunctionInstance> all;
        List<CompletableFuture<FunctionInstance>> waiters;
        synchronized (this) {
            closed = true;
            all = List.copyOf(instances);
            waiters = List.copyOf(waiting);
            waiting.clear();
        }
        waiters.forEach(waiter -> waiter.completeExceptionally(
                new IllegalStateException("the local Lambda is shutting down")));
        return CompletableFuture.allOf(all.stream().map(FunctionInstance::shutdown)
                .toArray(CompletableFuture[]::new));
    }
}
