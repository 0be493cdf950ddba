package com.example.blog.local.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.blog.local.bench.BenchCommand.BenchException;
import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.runtime.LocalLambda;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How every measurement launches and invokes functions on the {@link BenchStack}: one event with a time limit, the
 * HTTP status it answered, and the Data API and S3 calls it made.
 */
final class Invocations {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Untimed invocations before a timed series: the cold start, then enough that the interpreter is not measured. */
    static final int WARM_UP = 20;
    private static final Duration INVOKE_LIMIT = Duration.ofSeconds(90);

    private final BenchStack backend;

    Invocations(BenchStack backend) {
        this.backend = backend;
    }

    BenchStack backend() {
        return backend;
    }

    LocalLambda lambda(Path taskRoot, List<FunctionSpec> functions) {
        return backend.lambda(taskRoot, functions, 1);
    }

    LocalLambda lambda(Path taskRoot, List<FunctionSpec> functions, int maxConcurrency) {
        return backend.lambda(taskRoot, functions, maxConcurrency);
    }

    /** The longest a caller waits for {@code count} invocations of one function in a row. */
    static long limitMillis(int count) {
        return INVOKE_LIMIT.toMillis() * count;
    }

    InvocationResult invoke(LocalLambda lambda, String function, byte[] event) {
        try {
            return lambda.invoke(function, event).get(INVOKE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        } catch (Exception e) {
            throw new BenchException(function + " could not be invoked: " + e);
        }
    }

    /** One warm invocation with the backend calls it made. */
    Timed timed(LocalLambda lambda, String function, byte[] event) {
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

    record Timed(InvocationResult result, double durationMillis, double sequentialMillis,
            double backendMillis, int calls) {
    }

    static String createdId(InvocationResult result) {
        requireSuccess(result);
        try {
            JsonNode response = JSON.readTree(result.payload());
            return JSON.readTree(response.path("body").asText()).path("id").asText();
        } catch (IOException e) {
            throw new BenchException("create answered something other than a blog: " + result.payloadAsString());
        }
    }

    static void requireSuccess(InvocationResult result) {
        int status = statusCode(result);
        if (status < 200 || status >= 300) {
            throw new BenchException(result.functionName() + " failed (status " + status + "): "
                    + result.payloadAsString());
        }
    }

    /** The HTTP status the function answered, or -1 when it did not answer with a response. */
    static int statusCode(InvocationResult result) {
        if (result.status() != InvocationResult.Status.SUCCESS) {
            return -1;
        }
        try {
            return JSON.readTree(result.payload()).path("statusCode").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
