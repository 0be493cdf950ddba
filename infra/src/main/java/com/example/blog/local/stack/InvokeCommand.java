package com.example.blog.local.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.example.blog.local.CommandLine;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.template.TemplateException;

/**
 * {@code invoke <FunctionLogicalId> --event FILE|-}: one invocation, as {@code sam local invoke -e}. The stack runs
 * for the duration (database, Data API and S3 on free ports, same data directory); stdout gets the function's
 * response and nothing else, everything else goes to stderr.
 */
public final class InvokeCommand {

    private static final Set<String> OPTIONS = Set.of("event", "data-dir", "template", "artifact");

    private InvokeCommand() {
    }

    public static int run(String[] args) throws Exception {
        try {
            return run(args, System.out);
        } catch (IOException | IllegalArgumentException | TemplateException e) {
            System.err.println("invoke: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        }
    }

    static int run(String[] args, PrintStream out) throws Exception {
        CommandLine line = CommandLine.parse(args, OPTIONS);
        if (line.help() || line.positional().size() != 1) {
            System.err.println("""
                    usage: invoke <FunctionLogicalId> --event FILE|- [--data-dir .blog-local]
                                  [--template template.yaml] [--artifact functions/target/blog-functions.zip]

                    Invokes one function of template.yaml with the event in FILE (or stdin for -) and prints its
                    response on stdout; logs and the REPORT line go to stderr.""");
            return line.help() ? 0 : 2;
        }
        String function = line.positional().get(0);
        String eventSource = line.string("event", null);
        if (eventSource == null) {
            throw new IllegalArgumentException("--event FILE (or - for stdin) is required");
        }
        byte[] event = eventSource.equals("-") ? System.in.readAllBytes() : read(Path.of(eventSource));
        Path root = Path.of("").toAbsolutePath();
        LocalStackOptions options = LocalStackOptions.builder(root)
                .withoutGateway()
                .dataDirectory(line.path("data-dir", root.resolve(".blog-local")).toAbsolutePath())
                .template(line.path("template", root.resolve("template.yaml")).toAbsolutePath())
                .artifact(line.path("artifact", null))
                .maxInstancesPerFunction(1)
                .build();
        try (LocalStack stack = LocalStack.start(options)) {
            if (stack.template().function(function).isEmpty()) {
                throw new IllegalArgumentException("no function " + function + " in " + options.template()
                        + "; it has " + stack.template().functions().stream().map(f -> f.logicalId()).toList());
            }
            InvocationResult result = stack.invoke(function, event).join();
            out.println(result.payloadAsString());
            out.flush();
            // The stack's close sends the runtime SIGTERM, as Lambda ends an environment; its hooks log to stderr.
        }
        return 0;
    }

    private static byte[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no event file " + file);
        }
        return Files.readAllBytes(file);
    }
}
