package com.example.blog.local.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The outcome of one invocation, as the Lambda Invoke API reports it: a payload (the function's response, or
 * the error document when {@code status} is not {@code SUCCESS}) plus the figures of the REPORT line.
 *
 * @param requestId          the invocation's request id
 * @param functionName       the function that ran
 * @param status             how the invocation ended
 * @param payload            the response payload, or an error document {@code {errorMessage, errorType, ...}}
 * @param durationMillis     time from handing the event to the runtime until its answer
 * @param initDurationMillis the init phase, present only on an instance's first invocation (a cold start)
 * @param memorySizeMb       configured memory
 * @param maxMemoryUsedMb    peak resident memory of the instance's process so far
 */
public record InvocationResult(String requestId, String functionName, Status status, byte[] payload,
        double durationMillis, OptionalDouble initDurationMillis, int memorySizeMb, long maxMemoryUsedMb) {

    /** How an invocation ended. */
    public enum Status {
        /** The handler returned; the payload is its response. */
        SUCCESS,
        /** The handler threw; the payload is the runtime's error document. */
        FUNCTION_ERROR,
        /** The function ran past its timeout and its instance was stopped. */
        TIMEOUT,
        /** The runtime failed to initialise or its process died. */
        RUNTIME_ERROR,
        /** The event exceeds Lambda's synchronous request payload limit; no function ran. */
        REQUEST_TOO_LARGE,
        /** The response exceeds Lambda's synchronous response payload limit. */
        RESPONSE_TOO_LARGE
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Lambda bills in 1 ms steps and, since August 2025, bills the init phase of managed runtimes too. */
    public long billedDurationMillis() {
        return (long) Math.ceil(durationMillis + initDurationMillis.orElse(0));
    }

    /** The REPORT line Lambda writes to the function's log after each invocation (tab-separated, as Lambda). */
    public String reportLine() {
        StringBuilder line = new StringBuilder()
                .append("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ").append(millis(durationMillis)).append(" ms")
                .append("\tBilled Duration: ").append(billedDurationMillis()).append(" ms")
                .append("\tMemory Size: ").append(memorySizeMb).append(" MB")
                .append("\tMax Memory Used: ").append(maxMemoryUsedMb).append(" MB");
        initDurationMillis.ifPresent(init -> line.append("\tInit Duration: ").append(millis(init)).append(" ms"));
        if (status == Status.TIMEOUT) {
            line.append("\tStatus: timeout");
        } else if (status == Status.RUNTIME_ERROR) {
            line.append("\tStatus: error\tError Type: Runtime.ExitError");
        }
        return line.toString();
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
