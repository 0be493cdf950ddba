package com.example.blog.local.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.example.blog.local.Cli;
import com.example.blog.local.runtime.InvocationResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code invoke <FunctionLogicalId> --event FILE|-}: one invocation, as {@code sam local invoke -e}. The stack runs
 * for the duration (database, Data API and S3 on free ports, same data directory); stdout gets the function's
 * response and nothing else, everything else goes to stderr.
 */
@Command(name = "invoke", sortOptions = false, showDefaultValues = true,
        description = {"One invocation, as sam local invoke -e.", "Invokes one function of the template with the event in FILE (or stdin for -) and prints its"
                + " response on stdout; logs and the REPORT line go to stderr."})
public final class InvokeCommand implements Callable<Integer> {

    @Mixin
    Cli.HelpOption help;

    @Parameters(index = "0", paramLabel = "FunctionLogicalId", description = "The function, e.g. GetBlogFunction.")
    String function;

    @Option(names = "--event", paramLabel = "FILE", required = true,
            description = "The event (a JSON file, or - for stdin), e.g. events/get-blog.json.")
    String eventSource;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".blog-local",
            description = "Where the database, S3 objects and unpacked functions are kept.")
    Path dataDirectory;

    @Option(names = "--template", paramLabel = "FILE", defaultValue = "template.yaml",
            description = "The SAM template.")
    Path template;

    @Option(names = "--artifact", paramLabel = "ZIP",
            description = "The deployment artifact (default: the template's CodeUri).")
    Path artifact;

    @Option(names = "--function-jdk", paramLabel = "DIR",
            description = "JDK home the functions run on (default: JAVA_HOME if it is a JDK 25, else the newest JDK 25"
                    + " under /usr/lib/jvm, else this JDK).")
    Path functionJdk;

    private final PrintStream out;

    public InvokeCommand() {
        this(System.out);
    }

    InvokeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        byte[] event = eventSource.equals("-") ? System.in.readAllBytes() : read(Path.of(eventSource));
        Path root = Path.of("").toAbsolutePath();
        LocalStackOptions options = LocalStackOptions.builder(root)
                .withoutGateway()
                .dataDirectory(dataDirectory.toAbsolutePath())
                .template(template.toAbsolutePath())
                .artifact(artifact == null ? null : artifact.toAbsolutePath())
                .maxInstancesPerFunction(1)
                .functionJdk(StartApiCommand.functionJdk(functionJdk))
                .build();
        try (LocalStack stack = LocalStack.start(options)) {
            // Said once the stack runs, so that a stack that cannot start is reported in one line.
            System.err.println(options.functionJdk().describe());
            if (stack.template().function(function).isEmpty()) {
                throw new Cli.UserError("no function " + function + " in " + options.template() + "; it has "
                        + stack.template().functions().stream().map(f -> f.logicalId()).toList(), 2);
            }
            // Only once the stack holds its data directory: a refusal stays the one line it must be.
            System.err.println(options.functionJdk().describe());
            InvocationResult result = stack.invoke(function, event).join();
            out.println(result.payloadAsString());
            out.flush();
            // The stack's close sends the runtime SIGTERM, as Lambda ends an environment; its hooks log to stderr.
        }
        return 0;
    }

    private static byte[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new Cli.UserError("no event file " + file.toAbsolutePath() + ": give a JSON file (see events/) or"
                    + " - for stdin", 2);
        }
        return Files.readAllBytes(file);
    }
}
