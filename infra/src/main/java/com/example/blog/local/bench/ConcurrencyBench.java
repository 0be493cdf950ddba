package com.example.blog.local.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.example.blog.local.bench.BenchCommand.BenchException;
import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.runtime.LocalLambda;

/**
 * The same work (get-blog, one Data API call each, {@link #DELAY_MILLIS} injected) in one environment running
 * {@link #CONCURRENCY} invocations at once, as Lambda Managed Instances does, and in one environment running one at a
 * time, whose time divided by {@link #CONCURRENCY} is what as many classic environments would take side by side.
 */
final class ConcurrencyBench {

    /** Lambda Managed Instances' default per-environment concurrency for one vCPU, and the bench's. */
    static final int CONCURRENCY = 32;
    static final long DELAY_MILLIS = 50;

    private final Invocations invocations;
    private final int count;

    /** {@code count} invocations in each environment. */
    ConcurrencyBench(Invocations invocations, int count) {
        this.invocations = invocations;
        this.count = count;
    }

    Concurrency measure(Path taskRoot, FunctionSpec function, byte[] event) {
        BenchStack backend = invocations.backend();
        backend.setDelay(DELAY_MILLIS);
        try {
            double singleMillis;
            long singleMemory;
            try (LocalLambda lambda = invocations.lambda(taskRoot, List.of(function), 1)) {
                for (int i = 0; i < Invocations.WARM_UP; i++) {
                    Invocations.requireSuccess(invocations.invoke(lambda, function.name(), event));
                }
                long start = System.nanoTime();
                InvocationResult last = null;
                for (int i = 0; i < count; i++) {
                    last = invocations.invoke(lambda, function.name(), event);
                    Invocations.requireSuccess(last);
                }
                singleMillis = (System.nanoTime() - start) / 1e6;
                singleMemory = last.maxMemoryUsedMb();
            }
            ExecutorService callers = Executors.newFixedThreadPool(CONCURRENCY);
            try (LocalLambda lambda = invocations.lambda(taskRoot, List.of(function), CONCURRENCY)) {
                // Untimed: the cold start, then every runtime thread and connection in use a few times.
                Invocations.requireSuccess(invocations.invoke(lambda, function.name(), event));
                runConcurrently(callers, lambda, function.name(), event, 3 * CONCURRENCY);
                long start = System.nanoTime();
                List<double[]> measured = runConcurrently(callers, lambda, function.name(), event, count);
                double concurrentMillis = (System.nanoTime() - start) / 1e6;
                List<Double> latencies = measured.stream().map(figures -> figures[0]).toList();
                long memory = (long) measured.stream().mapToDouble(figures -> figures[1]).max().orElse(0);
                return new Concurrency(CONCURRENCY, count, DELAY_MILLIS, concurrentMillis, singleMillis,
                        Stats.median(latencies), Stats.percentile(latencies, 99), memory, singleMemory);
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
                    InvocationResult result = invocations.invoke(lambda, function, event);
                    Invocations.requireSuccess(result);
                    figures.add(new double[] {(System.nanoTime() - start) / 1e6, result.maxMemoryUsedMb()});
                }
                return figures;
            }));
        }
        List<double[]> all = new ArrayList<>();
        for (Future<List<double[]>> future : futures) {
            try {
                all.addAll(future.get(Invocations.limitMillis(4), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted");
            } catch (Exception e) {
                throw new BenchException("concurrent get-blog invocations failed: " + e);
            }
        }
        return all;
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
}
