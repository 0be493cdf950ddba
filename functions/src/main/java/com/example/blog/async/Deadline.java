package com.example.blog.async;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The point by which an invocation's work must be done: the function's remaining time minus a margin for
 * compensation and for writing the response. Retries stop at it and every SDK call is bounded by it.
 */
public final class Deadline {

    /** Time kept back for compensating (deleting what was written) and for returning the response. */
    public static final Duration SAFETY_MARGIN = Duration.ofMillis(1500);
    private static final Duration MINIMUM_CALL_TIMEOUT = Duration.ofMillis(1);

    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static Deadline of(Context context) {
        return after(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN));
    }

    public static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
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
