package com.example.blog.local.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the local Lambda service runs execution environments.
 *
 * @param taskRoot            the unpacked deployment artifact ({@code LAMBDA_TASK_ROOT})
 * @param runtimeLibrary      directory holding the runtime interface client's jars (Lambda's {@code /var/runtime/lib})
 * @param javaExecutable      the {@code java} launcher for the function processes
 * @param region              {@code AWS_REGION}
 * @param accountId           the account in ARNs
 * @param serviceEnvironment  variables the local stack gives every function on top of its own (credentials,
 *                            endpoint URLs): what the Lambda service would otherwise provide
 * @param maxInstancesPerFunction execution environments of each function at most; requests beyond their capacity wait
 * @param maxConcurrency      events one environment runs at once: 1 as on classic Lambda, more to emulate Lambda
 *                            Managed Instances ({@code PerExecutionEnvironmentMaxConcurrency})
 * @param shutdownGrace       how long a runtime may take after SIGTERM before it is killed
 * @param console             where function output and the START/END/REPORT lines go, one line per call
 */
public record RuntimeSettings(Path taskRoot, Path runtimeLibrary, Path javaExecutable, String region,
        String accountId, Map<String, String> serviceEnvironment, int maxInstancesPerFunction, int maxConcurrency,
        Duration shutdownGrace, Consumer<String> console) {

    /** The Runtime API's {@code PerExecutionEnvironmentMaxConcurrency} range. */
    public static final int MAX_CONCURRENCY_LIMIT = 1600;

    /** Classic Lambda: one event at a time per environment. */
    public RuntimeSettings(Path taskRoot, Path runtimeLibrary, Path javaExecutable, String region, String accountId,
            Map<String, String> serviceEnvironment, int maxInstancesPerFunction, Duration shutdownGrace,
            Consumer<String> console) {
        this(taskRoot, runtimeLibrary, javaExecutable, region, accountId, serviceEnvironment, maxInstancesPerFunction,
                1, shutdownGrace, console);
    }

    public RuntimeSettings {
        Objects.requireNonNull(taskRoot, "taskRoot");
        Objects.requireNonNull(runtimeLibrary, "runtimeLibrary");
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        serviceEnvironment = Map.copyOf(serviceEnvironment);
        if (maxInstancesPerFunction < 1) {
            throw new IllegalArgumentException("maxInstancesPerFunction must be at least 1");
        }
        if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY_LIMIT) {
            throw new IllegalArgumentException("maxConcurrency must be 1.." + MAX_CONCURRENCY_LIMIT);
        }
    }

    /** The {@code java} of the JVM running the local stack. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
