package com.example.blog.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.blog.local.runtime.FunctionJdk;
import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.runtime.RuntimeSettings;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.stack.LocalStackOptions;

/**
 * What the measurements run against: the local stack without its gateway, its Data API and S3 behind
 * {@link DelayProxy}s (which time every call and can add latency), the functions' log file, and the environments
 * the measurements launch on the function JDK.
 */
final class BenchStack implements AutoCloseable {

    private final LocalStack stack;
    private final DelayProxy dataApiProxy;
    private final DelayProxy s3Proxy;
    private final PrintWriter functionLog;
    private final Map<String, String> serviceEnvironment;
    private final FunctionJdk jdk;

    private BenchStack(LocalStack stack, DelayProxy dataApiProxy, DelayProxy s3Proxy, PrintWriter functionLog,
            FunctionJdk jdk) {
        this.stack = stack;
        this.dataApiProxy = dataApiProxy;
        this.s3Proxy = s3Proxy;
        this.functionLog = functionLog;
        this.jdk = jdk;
        this.serviceEnvironment = new LinkedHashMap<>(
                LocalStack.serviceEnvironment(dataApiProxy.endpoint(), s3Proxy.endpoint()));
    }

    /** Starts the stack for {@code options}; what started is stopped again when a later part fails. */
    static BenchStack start(BenchOptions options, Path root, FunctionJdk jdk) throws IOException {
        PrintWriter functionLog = new PrintWriter(Files.newBufferedWriter(options.out().resolve("functions.log"),
                StandardCharsets.UTF_8), true);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            LocalStack stack = LocalStack.start(LocalStackOptions.builder(root)
                    .withoutGateway()
                    .dataDirectory(options.dataDirectory())
                    .template(options.template())
                    .artifact(options.artifact())
                    .build());
            started.add(stack);
            DelayProxy dataApiProxy = DelayProxy.start(stack.dataApiEndpoint(), "rds-data");
            started.add(dataApiProxy);
            DelayProxy s3Proxy = DelayProxy.start(stack.s3Endpoint(), "s3");
            return new BenchStack(stack, dataApiProxy, s3Proxy, functionLog, jdk);
        } catch (IOException | RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                closeQuietly(started.get(i));
            }
            functionLog.close();
            throw e;
        }
    }

    LocalStack stack() {
        return stack;
    }

    /**
     * One environment per function at most, running {@code maxConcurrency} events at once. The shutdown grace is long
     * enough for a training run's JVM to write its archive or AOT cache at exit.
     */
    LocalLambda lambda(Path taskRoot, List<FunctionSpec> functions, int maxConcurrency) {
        Map<String, String> environment = new LinkedHashMap<>(serviceEnvironment);
        return new LocalLambda(new RuntimeSettings(taskRoot, stack.runtimeLibrary(), jdk.javaExecutable(),
                stack.region(), LocalStack.ACCOUNT_ID, environment, 1, maxConcurrency, Duration.ofSeconds(60),
                this::log), functions);
    }

    /** Adds {@code millis} to every Data API and S3 call from now on. */
    void setDelay(long millis) {
        dataApiProxy.delayMillis(millis);
        s3Proxy.delayMillis(millis);
    }

    void clearCalls() {
        dataApiProxy.clear();
        s3Proxy.clear();
    }

    /** The Data API and S3 calls that started at or after {@code startNanos}. */
    List<DelayProxy.Call> callsSince(long startNanos) {
        List<DelayProxy.Call> calls = new ArrayList<>(dataApiProxy.callsSince(startNanos));
        calls.addAll(s3Proxy.callsSince(startNanos));
        return calls;
    }

    private void log(String line) {
        synchronized (functionLog) {
            functionLog.println(line);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {dataApiProxy, s3Proxy, stack}) {
            closeQuietly(part);
        }
        functionLog.close();
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("bench: " + part.getClass().getSimpleName() + " did not stop: " + e);
        }
    }
}
