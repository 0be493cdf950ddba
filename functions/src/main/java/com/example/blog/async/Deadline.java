package com.example.blog.async;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The point by which an invocation's work must be done: the function's remaining time minus a margin for
 * compensation and for writing the response. Retries stop at it and every SDK call is bounded by it. It also carries
 * the invocation's log, so that what the work logs on any thread lands under its own request id, also when one
 * environment runs many invocations at once.
 */
public final class Deadline {

    /** Time kept back for compensating (deleting what was written) and for returning the response. */
    public static final Duration SAFETY_MARGIN = Duration.ofMillis(1500);
    private static final Duration MINIMUM_CALL_TIMEOUT = Duration.ofMillis(1);

    private final long deadlineNanos;
    private final LambdaLogger logger;
    private final String requestId;

    private Deadline(long deadlineNanos, LambdaLogger logger, String requestId) {
        this.deadlineNanos = deadlineNanos;
        this.logger = logger;
        this.requestId = requestId;
    }

    public static Deadline of(Context context) {
        long nanos = System.nanoTime()
                + Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN).toNanos();
        return new Deadline(nanos, context.getLogger(), context.getAwsRequestId());
    }

    /** A deadline with no invocation behind it (tests, priming): its log goes to standard error. */
    public static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos(), null, null);
    }

    /** Logs one line, prefixed with the invocation's request id, through the Lambda logger when there is one. */
    public void log(String message) {
        String line = requestId == null ? message : "requestId=" + requestId + " " + message;
        if (logger != null) {
            logger.log(line + "\n");
        } else {
            System.err.println(line);
        }
    }

    public Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    /** An SDK apiCallTimeout: {@code cap}, or less when the deadline is closer; always positive as the SDK requires. */
    public Duration callTimeout(Duration cap) {
        Duration remaining = remaining();
        if (remaining.compareTo(MINIMUM_CALL_TIMEOUT) < 0) {
            return MINIMUM_CALL_TIMEOUT;
        }
        return remaining.compareTo(cap) < 0 ? remaining : cap;
    }
}
