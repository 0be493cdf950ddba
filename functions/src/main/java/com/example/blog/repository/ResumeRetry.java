package com.example.blog.repository;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.example.blog.async.Completions;
import com.example.blog.async.Deadline;

import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;

/**
 * Retries a Data API call while Aurora Serverless v2 resumes from auto-pause (which takes seconds, not
 * milliseconds): exponential backoff with equal jitter, stopping when the next attempt could not finish before the
 * invocation's deadline. Nothing else is retried here: the SDK already retries throttling and 5xx, and other 4xx
 * will not change on a second try.
 */
final class ResumeRetry {

    /** Aurora typically resumes in about 15 seconds. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(15);

    /**
     * Not ThreadLocalRandom: its per-thread seeds live in memory, so every environment restored from one SnapStart
     * snapshot would draw the same "random" delays and retry in lockstep, which is what jitter is there to prevent.
     * SecureRandom is one of the generators Lambda documents as safe across SnapStart restores.
     */
    private static final SecureRandom JITTER = new SecureRandom();

    private final long baseDelayMillis;
    private final long maxDelayMillis;
    /** An attempt started with less time left than this would only time out. */
    private final long minimumAttemptMillis;

    ResumeRetry(Duration baseDelay, Duration maxDelay, Duration minimumAttempt) {
        this.baseDelayMillis = baseDelay.toMillis();
        this.maxDelayMillis = maxDelay.toMillis();
        this.minimumAttemptMillis = minimumAttempt.toMillis();
    }

    static ResumeRetry standard() {
        return new ResumeRetry(Duration.ofMillis(250), Duration.ofSeconds(4), Duration.ofMillis(500));
    }

    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> call, Deadline deadline) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, deadline, 0, result);
        return result;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> call, Deadline deadline, int retries,
                             CompletableFuture<T> result) {
        CompletableFuture<T> attempt;
        try {
            attempt = call.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = Completions.unwrap(error);
            if (!(cause instanceof DatabaseResumingException)) {
                result.completeExceptionally(cause);
                return;
            }
            long delay = delayMillis(retries);
            if (deadline.remaining().toMillis() < delay + minimumAttemptMillis) {
                result.completeExceptionally(new DatabaseUnavailableException(
                        "The database is resuming and did not become available in time (" + (retries + 1)
                                + " attempts)", cause, RETRY_AFTER));
                return;
            }
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(call, deadline, retries + 1, result));
        });
    }

    /** Half the exponential delay fixed, half random, so many waking functions do not retry in lockstep. */
    long delayMillis(int retries) {
        long exponential = Math.min(maxDelayMillis, baseDelayMillis << Math.min(retries, 20));
        long half = exponential / 2;
        return half + JITTER.nextLong(half + 1);
    }
}
