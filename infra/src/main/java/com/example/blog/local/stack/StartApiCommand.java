package com.example.blog.local.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.example.blog.local.CommandLine;
import com.example.blog.local.template.HttpRoute;

/** {@code start-api}: the blog API on the local stack until Ctrl-C. */
public final class StartApiCommand {

    private static final Set<String> OPTIONS = Set.of("port", "data-api-port", "s3-port", "data-dir", "template",
            "artifact", "max-instances");

    private StartApiCommand() {
    }

    public static void run(String[] args) throws Exception {
        CommandLine line;
        try {
            line = CommandLine.parse(args, OPTIONS);
        } catch (IllegalArgumentException e) {
            System.err.println("start-api: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (line.help()) {
            System.out.println("""
                    usage: start-api [--port 3000] [--data-api-port 0] [--s3-port 0] [--data-dir .blog-local]
                                     [--template template.yaml] [--artifact functions/target/blog-functions.zip]
                                     [--max-instances 4]

                    Runs PostgreSQL, the RDS Data API, S3 and the HTTP API of template.yaml, each function in its own
                    processes (at most --max-instances per function). Ports of 0 are picked free. Ctrl-C stops it.""");
            return;
        }
        Path root = Path.of("").toAbsolutePath();
        LocalStackOptions options = LocalStackOptions.builder(root)
                .apiPort(line.port("port", 3000))
                .dataApiPort(line.port("data-api-port", 0))
                .s3Port(line.port("s3-port", 0))
                .dataDirectory(line.path("data-dir", root.resolve(".blog-local")).toAbsolutePath())
                .template(line.path("template", root.resolve("template.yaml")).toAbsolutePath())
                .artifact(line.path("artifact", null))
                .maxInstancesPerFunction(line.positiveInt("max-instances", 4))
                .build();
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("start-api: cannot start the local stack: " + e.getMessage());
            System.exit(1);
            return;
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
                .append(" -F image=@photo.png ").append(api).append("/blogs\n")
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
