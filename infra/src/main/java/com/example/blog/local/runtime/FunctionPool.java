package com.example.blog.local.runtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The execution environments of one function: created on demand, reused warm, one event at a time each, at most
 * {@code maxInstances} of them; further events wait for the first one to free up, like requests throttled by a
 * reserved concurrency but queued instead of rejected.
 */
final class FunctionPool {

    private final FunctionSpec spec;
    private final RuntimeSettings settings;
    private final ScheduledExecutorService timer;
    private final Deque<FunctionInstance> idle = new ArrayDeque<>();
    private final Queue<CompletableFuture<FunctionInstance>> waiting = new ArrayDeque<>();
    private final List<FunctionInstance> instances = new ArrayList<>();
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

    private CompletableFuture<FunctionInstance> acquire() {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the local Lambda is shutting down"));
            }
            // Most recently used first, so a burst's extra instances go cold while the warm one keeps serving.
            while (!idle.isEmpty()) {
                FunctionInstance instance = idle.pop();
                if (instance.isUsable()) {
                    return CompletableFuture.completedFuture(instance);
                }
                instances.remove(instance);
            }
            if (instances.size() >= settings.maxInstancesPerFunction()) {
                CompletableFuture<FunctionInstance> turn = new CompletableFuture<>();
                waiting.add(turn);
                return turn;
            }
            try {
                return CompletableFuture.completedFuture(newInstance());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    private FunctionInstance newInstance() throws IOException {
        FunctionInstance instance = FunctionInstance.start(spec, settings, timer, ++created);
        instances.add(instance);
        return instance;
    }

    private void release(FunctionInstance instance) {
        CompletableFuture<FunctionInstance> next;
        FunctionInstance handOver = instance;
        synchronized (this) {
            if (!instance.isUsable()) {
                instances.remove(instance);
                handOver = null;
            }
            next = closed ? null : waiting.poll();
            if (next == null) {
                if (handOver != null) {
                    idle.push(handOver);
                }
                return;
            }
            if (handOver == null) {
                try {
                    handOver = newInstance();
                } catch (IOException e) {
                    next.completeExceptionally(e);
                    return;
                }
            }
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
            idle.clear();
        }
        waiters.forEach(waiter -> waiter.completeExceptionally(
                new IllegalStateException("the local Lambda is shutting down")));
        return CompletableFuture.allOf(all.stream().map(FunctionInstance::shutdown)
                .toArray(CompletableFuture[]::new));
    }
}
