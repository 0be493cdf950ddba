package com.example.blog.local.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.example.blog.local.Cli;
import com.example.blog.local.db.EmbeddedDatabase;
import com.example.blog.local.runtime.FunctionJdk;
import com.example.blog.local.template.HttpRoute;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code start-api}: the blog API on the local stack until Ctrl-C. */
@Command(name = "start-api", sortOptions = false, showDefaultValues = true,
        description = {"The blog API on a local stack.", "Runs PostgreSQL, the RDS Data API, S3 and the HTTP API of the"
                + " template, each function in its own processes. Ctrl-C stops it."})
public final class StartApiCommand implements Callable<Integer> {

    @Mixin
    Cli.HelpOption help;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3000", converter = Cli.Port.class,
            description = "Port of the HTTP API (0 picks a free one).")
    int port;

    @Option(names = "--data-api-port", paramLabel = "PORT", defaultValue = "0", converter = Cli.Port.class,
            description = "Port of the RDS Data API endpoint (0 picks a free one).")
    int dataApiPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "0", converter = Cli.Port.class,
            description = "Port of the S3 endpoint (0 picks a free one).")
    int s3Port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".blog-local",
            description = "Where the database, S3 objects, signing key and unpacked functions are kept.")
    Path dataDirectory;

    @Option(names = "--template", paramLabel = "FILE", defaultValue = "template.yaml",
            description = "The SAM template: routes, functions, environment, authorizer.")
    Path template;

    @Option(names = "--artifact", paramLabel = "ZIP",
            description = "The deployment artifact (default: the template's CodeUri).")
    Path artifact;

    @Option(names = "--max-instances", paramLabel = "N", defaultValue = "4", converter = Cli.PositiveNumber.class,
            description = "Execution environments per function at most.")
    int maxInstances;

    @Option(names = "--max-concurrency", paramLabel = "N", defaultValue = "1", converter = Cli.PositiveNumber.class,
            description = "Events one environment runs at once, as Lambda Managed Instances'"
                    + " PerExecutionEnvironmentMaxConcurrency (sets AWS_LAMBDA_MAX_CONCURRENCY); 1 is classic Lambda.")
    int maxConcurrency;

    @Option(names = "--fast",
            description = "Run PostgreSQL with fsync and synchronous_commit off: faster writes, but a crash can lose"
                    + " writes that were already answered.")
    boolean fast;

    @Option(names = "--function-jdk", paramLabel = "DIR",
            description = "JDK home the functions run on (default: JAVA_HOME if it is a JDK 25, else the newest JDK 25"
                    + " under /usr/lib/jvm, else this JDK).")
    Path functionJdk;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        LocalStackOptions options = LocalStackOptions.builder(root)
                .apiPort(port)
                .dataApiPort(dataApiPort)
                .s3Port(s3Port)
                .dataDirectory(dataDirectory.toAbsolutePath())
                .template(template.toAbsolutePath())
                .artifact(artifact == null ? null : artifact.toAbsolutePath())
                .maxInstancesPerFunction(maxInstances)
                .maxConcurrency(maxConcurrency)
                .databaseDurability(fast ? EmbeddedDatabase.Durability.FAST : EmbeddedDatabase.Durability.DURABLE)
                .progress(step -> System.out.println(step + " ..."))
                .functionJdk(functionJdk(functionJdk))
                .build();
        if (fast) {
            System.out.println("--fast: PostgreSQL runs without fsync and synchronous_commit; a crash can lose writes"
                    + " that were already answered.");
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException | java.io.IOException e) {
            throw new Cli.UserError("cannot start the local stack: " + Cli.message(e), e);
        }
        Path stackFile = StackFile.write(stack);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            StackFile.delete(stackFile);
            System.err.println("Stopping: gateway, functions (SIGTERM; their shutdown hooks log below), S3, Data API,"
                    + " database...");
            stack.close();
            System.err.println("Stopped.");
            stopped.countDown();
        }, "blog-local-shutdown"));
        printSummary(stack, System.out);
        stopped.await();
        return 0;
    }

    /** The JDK for the functions: the one given, else the one {@link FunctionJdk#locate()} finds. */
    static FunctionJdk functionJdk(Path home) {
        try {
            return home == null ? FunctionJdk.locate() : FunctionJdk.locate(home.toAbsolutePath(), System.getenv(),
                    FunctionJdk.USUAL_DIRECTORY, Path.of(System.getProperty("java.home")));
        } catch (IllegalArgumentException e) {
            throw new Cli.UserError("--function-jdk: " + e.getMessage(), 2);
        }
    }

    static void printSummary(LocalStack stack, PrintStream out) {
        String api = stack.apiUrl().toString();
        String credentials = "AWS_ACCESS_KEY_ID=" + stack.accessKeyId() + " AWS_SECRET_ACCESS_KEY="
                + stack.secretAccessKey() + " AWS_DEFAULT_REGION=" + stack.region();
        StringBuilder text = new StringBuilder();
        text.append("\nBlog API (HTTP API, payload format 2.0): ").append(api).append('\n');
        for (HttpRoute route : stack.routes()) {
            text.append(String.format("  %-7s %-16s -> %-20s %s%n", route.method(), route.path(),
                    route.functionLogicalId(), route.authorizer().map(a -> "JWT authorizer " + a.name())
                            .orElse("public")));
        }
        if (stack.servesWebPage()) {
            text.append("\nWeb page: ").append(api).append("/  (sign in as any name: no passwords locally)\n");
        }
        text.append('\n').append(stack.options().functionJdk().describe()).append('\n');
        if (stack.options().maxConcurrency() > 1) {
            text.append("Lambda Managed Instances: each environment runs up to ").append(stack.options().maxConcurrency())
                    .append(" events at once (AWS_LAMBDA_MAX_CONCURRENCY), at most ")
                    .append(stack.options().maxInstancesPerFunction()).append(" environments per function\n");
        }
        text.append("\nRDS Data API: ").append(stack.dataApiEndpoint()).append('\n')
                .append("  cluster ARN: ").append(stack.clusterArn()).append('\n')
                .append("  secret ARN:  ").append(stack.secretArn()).append('\n')
                .append("  database:    ").append(stack.database()).append('\n')
                .append("S3: ").append(stack.s3Endpoint()).append("  bucket: ").append(stack.bucket())
                .append(" (path-style)\n")
                .append("Region ").append(stack.region()).append(", access key id ").append(stack.accessKeyId())
                .append(", secret access key ").append(stack.secretAccessKey()).append('\n')
                .append("Data: ").append(stack.options().dataDirectory()).append("\n\n")
                .append("Try:\n")
                .append("  TOKEN=$(java -jar infra/target/blog-local.jar token --user alice)\n")
                .append("  curl -s ").append(api).append("/blogs\n")
                .append("  curl -s -H \"Authorization: Bearer $TOKEN\" -F title=Hello -F content=World")
                .append(" -F image=@docs/sample.png ").append(api).append("/blogs\n")
                .append("  ").append(credentials).append(" aws rds-data execute-statement --endpoint-url ")
                .append(stack.dataApiEndpoint()).append(" --resource-arn '").append(stack.clusterArn())
                .append("' --secret-arn '").append(stack.secretArn()).append("' --database ").append(stack.database())
                .append(" --sql 'select id, title, author from blogs'\n")
                .append("  ").append(credentials).append(" aws s3 ls s3://").append(stack.bucket())
                .append("/images/ --endpoint-url ").append(stack.s3Endpoint()).append('\n')
                .append("\nPress Ctrl-C to stop.\n");
        out.print(text);
        out.flush();
    }
}
