package com.example.blog.local.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * How an execution environment's process is launched: the runtime's JVM command line and the environment Lambda
 * gives a function, with nothing of the host's leaking in.
 */
final class RuntimeProcess {

    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private RuntimeProcess() {
    }

    /** A process builder for {@code spec}'s runtime, talking to the Runtime API at {@code runtimeApi} (host:port). */
    static ProcessBuilder builder(FunctionSpec spec, RuntimeSettings settings, String runtimeApi) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(spec, settings)).directory(settings.taskRoot().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(spec, settings, runtimeApi));
        return builder;
    }

    /**
     * The JVM as Lambda's java25 runtime starts an on-demand environment (C1 only, serial GC, the JDK's class data
     * archive by default), with the heap sized from the function's memory.
     */
    private static List<String> command(FunctionSpec spec, RuntimeSettings settings) throws IOException {
        List<String> command = new ArrayList<>();
        // In a session of its own, the runtime does not get the terminal's Ctrl-C: like Lambda's, it hears only the
        // SIGTERM of the orderly shutdown, after the gateway has stopped taking requests.
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(settings.javaExecutable().toString());
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        // Class-data sharing is left at the JVM's default (-Xshare:auto): an explicit -Xshare, even the default,
        // forbids the JDK 25 AOT cache options (-XX:AOTCache, -XX:AOTCacheOutput) that java25 functions may set.
        command.add("-Xmx" + (spec.memorySizeMb() * 1024L * 85 / 100) + "k");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        Path nativeClient = settings.runtimeLibrary().resolve(RuntimeJars.NATIVE_CLIENT);
        if (Files.isRegularFile(nativeClient)) {
            command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeClient);
        }
        command.add("-classpath");
        command.add(runtimeClasspath(settings));
        command.add(RUNTIME_MAIN);
        command.add(spec.handler());
        return command;
    }

    /**
     * Only the runtime's jars: the runtime client loads the function from the task root (the directory itself and
     * every {@code lib/*.jar}) with its own class loader, as on Lambda.
     */
    private static String runtimeClasspath(RuntimeSettings settings) throws IOException {
        try (Stream<Path> jars = Files.list(settings.runtimeLibrary())) {
            return String.join(File.pathSeparator, jars
                    .filter(jar -> jar.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .map(Path::toString)
                    .toList());
        }
    }

    private static Map<String, String> environment(FunctionSpec spec, RuntimeSettings settings,
            String runtimeApi) {
        Map<String, String> environment = new LinkedHashMap<>(spec.environment());
        environment.putAll(settings.serviceEnvironment());
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        // What Lambda sets; these win over the function's own variables, which may not redefine them.
        environment.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memorySizeMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME",
                today + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        if (settings.maxConcurrency() > 1) {
            // Lambda Managed Instances: the runtime interface client runs this many runtime loops, each on its own
            // thread polling /invocation/next, in one JVM.
            environment.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(settings.maxConcurrency()));
        }
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        environment.put("AWS_REGION", settings.region());
        environment.put("AWS_DEFAULT_REGION", settings.region());
        environment.put("_HANDLER", spec.handler());
        environment.put("LAMBDA_TASK_ROOT", settings.taskRoot().toString());
        environment.put("LAMBDA_RUNTIME_DIR", settings.runtimeLibrary().getParent().toString());
        environment.put("TZ", ":UTC");
        // Lambda's java runtimes put the task root and its lib/ on the library path (the JVM's java.library.path
        // comes from it), which is where an artifact can ship native libraries ready to load.
        Path taskRoot = settings.taskRoot();
        environment.put("LD_LIBRARY_PATH", taskRoot + File.pathSeparator + taskRoot.resolve("lib"));
        // Lambda sets en_US.UTF-8; C.UTF-8 gives the JVM the same UTF-8 defaults and exists on every glibc system.
        environment.put("LANG", "C.UTF-8");
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        // A Lambda sandbox has no ~/.aws: keep the developer's profiles out of the functions' SDK configuration.
        Path noFile = settings.runtimeLibrary().resolve("no-such-aws-config");
        environment.put("AWS_CONFIG_FILE", noFile.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", noFile.toString());
        return environment;
    }
}
