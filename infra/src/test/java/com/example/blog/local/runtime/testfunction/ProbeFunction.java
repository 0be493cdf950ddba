package com.example.blog.local.runtime.testfunction;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * A function for testing the local Lambda itself: what it does is chosen by the event's {@code action}, and it
 * reports what it sees of its environment. Packaged into a deployment artifact by the tests.
 */
public class ProbeFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final AtomicInteger INVOCATIONS = new AtomicInteger();
    private static final Object RENDEZVOUS = new Object();
    private static int arrived;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> System.out.println("probe shutdown hook ran in pid " + ProcessHandle.current().pid())));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        int invocation = INVOCATIONS.incrementAndGet();
        Object pathParameters = event.get("pathParameters");
        Object routedAction = pathParameters instanceof Map<?, ?> map ? map.get("action") : null;
        String action = String.valueOf(event.getOrDefault("action", routedAction == null ? "echo" : routedAction));
        System.out.println("probe handling " + action + " as invocation " + invocation);
        switch (action) {
            case "throw" -> throw new IllegalStateException("probe failed on purpose");
            case "sleep" -> sleep(((Number) event.get("millis")).longValue());
            case "exit" -> Runtime.getRuntime().halt(3);
            case "respond" -> {
                return proxyResponse();
            }
            default -> {
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if (action.equals("rendezvous")) {
            response.put("met", rendezvous(((Number) event.get("parties")).intValue()));
        }
        response.put("event", event);
        response.put("invocation", invocation);
        response.put("pid", ProcessHandle.current().pid());
        response.put("requestId", context.getAwsRequestId());
        response.put("functionName", context.getFunctionName());
        response.put("memoryLimitInMB", context.getMemoryLimitInMB());
        response.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        response.put("invokedFunctionArn", context.getInvokedFunctionArn());
        Map<String, String> environment = new LinkedHashMap<>();
        Object names = event.get("environment");
        if (names instanceof Iterable<?> iterable) {
            for (Object name : iterable) {
                environment.put(String.valueOf(name), System.getenv(String.valueOf(name)));
            }
        }
        response.put("environment", environment);
        response.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        response.put("javaVersion", System.getProperty("java.version"));
        response.put("thread", Thread.currentThread().getName());
        return response;
    }

    /** A payload 2.0 proxy response using every field the gateway maps. */
    private static Map<String, Object> proxyResponse() {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", 202);
        response.put("headers", Map.of("content-type", "application/octet-stream", "x-probe", "yes"));
        response.put("multiValueHeaders", Map.of("x-many", java.util.List.of("one", "two")));
        response.put("cookies", java.util.List.of("session=abc; HttpOnly", "theme=dark"));
        response.put("body", java.util.Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}));
        response.put("isBase64Encoded", true);
        return response;
    }

    /**
     * Waits until {@code parties} invocations are inside this method at the same time, for 20 s at most: true only
     * when the environment really runs that many events at once.
     */
    private static boolean rendezvous(int parties) {
        synchronized (RENDEZVOUS) {
            arrived++;
            RENDEZVOUS.notifyAll();
            long end = System.nanoTime() + 20_000_000_000L;
            while (arrived < parties) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                try {
                    RENDEZVOUS.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
