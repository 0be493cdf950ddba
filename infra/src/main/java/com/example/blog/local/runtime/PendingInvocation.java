package com.example.blog.local.runtime;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

/** An event on its way through an instance's Runtime API, and the runtime's answer to it. */
final class PendingInvocation {

    private final String requestId;
    private final byte[] payload;
    private final long timeoutMillis;
    private final String traceId;
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();
    private volatile long deliveredNanos;
    private volatile long deadlineEpochMillis;
    private ScheduledFuture<?> watchdog;

    PendingInvocation(String requestId, byte[] payload, long timeoutMillis, String traceId) {
        this.requestId = requestId;
        this.payload = payload;
        this.timeoutMillis = timeoutMillis;
        this.traceId = traceId;
    }

    static PendingInvocation create(byte[] payload, long timeoutMillis) {
        return new PendingInvocation(UUID.randomUUID().toString(), payload, timeoutMillis, newTraceId());
    }

    /** An X-Ray trace header as Lambda passes it: {@code Root=1-<epoch hex>-<96 bit>;Parent=<64 bit>;Sampled=0}. */
    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "Root=1-%08x-%08x%016x;Parent=%016x;Sampled=0",
                System.currentTimeMillis() / 1000, random.nextInt(), random.nextLong(), random.nextLong());
    }

    String requestId() {
        return requestId;
    }

    byte[] payload() {
        return payload;
    }

    String traceId() {
        return traceId;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Starts the deadline clock: called when the runtime takes the event. */
    void markDelivered() {
        deliveredNanos = System.nanoTime();
        deadlineEpochMillis = System.currentTimeMillis() + timeoutMillis;
    }

    long deliveredNanos() {
        return deliveredNanos;
    }

    boolean isDelivered() {
        return deliveredNanos != 0;
    }

    long deadlineEpochMillis() {
        return deadlineEpochMillis;
    }

    /** The timer that ends this event if it runs too long; replaces (and cancels) the previous one. */
    synchronized void watchdog(ScheduledFuture<?> next) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        watchdog = next;
    }

    synchronized void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    CompletableFuture<Answer> answer() {
        return answer;
    }

    /** Completes with the first answer; later ones (a result after a timeout, say) are ignored. */
    boolean answer(Answer value) {
        return answer.complete(value);
    }

    /** What came back: a response, a function error, or a failure of the environment itself. */
    record Answer(InvocationResult.Status status, byte[] body, String errorType, long answeredNanos) {

        static Answer response(byte[] body) {
            return new Answer(InvocationResult.Status.SUCCESS, body, null, System.nanoTime());
        }

        static Answer error(String errorType, byte[] body) {
            return new Answer(InvocationResult.Status.FUNCTION_ERROR, body, errorType, System.nanoTime());
        }

        static Answer responseTooLarge() {
            return new Answer(InvocationResult.Status.RESPONSE_TOO_LARGE, ErrorDocuments.of(
                    "Response payload size exceeded maximum allowed payload size ("
                            + RuntimeApiServer.MAX_PAYLOAD_BYTES + " bytes).", "Function.ResponseSizeTooLarge"),
                    "Function.ResponseSizeTooLarge", System.nanoTime());
        }

        static Answer failure(InvocationResult.Status status, String errorType, byte[] body) {
            return new Answer(status, body, errorType, System.nanoTime());
        }
    }
}
