package com.example.blog.local.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * What Lambda knows about a function when it creates an execution environment for it.
 *
 * @param name        the function name (the template's logical id locally)
 * @param handler     the handler string, {@code package.Class::method}
 * @param memorySizeMb the configured memory, which sizes the heap as on Lambda
 * @param timeoutSeconds the invocation time limit
 * @param environment the function's own environment variables, already resolved
 */
public record FunctionSpec(String name, String handler, int memorySizeMb, int timeoutSeconds,
        Map<String, String> environment) {

    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (memorySizeMb < 128 || memorySizeMb > 10240) {
            throw new IllegalArgumentException(name + ": MemorySize must be 128..10240 MB, was " + memorySizeMb);
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new IllegalArgumentException(name + ": Timeout must be 1..900 s, was " + timeoutSeconds);
        }
        environment = Map.copyOf(environment);
    }

    /** The ARN the runtime sees as {@code Lambda-Runtime-Invoked-Function-Arn}. */
    public String functionArn(String region, String accountId) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }
}
