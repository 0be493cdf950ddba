package com.example.blog.local;

import java.util.Arrays;

import com.example.blog.local.bench.BenchCommand;
import com.example.blog.local.dataapi.DataApiCommand;
import com.example.blog.local.sql.SqlCommand;
import com.example.blog.local.stack.InvokeCommand;
import com.example.blog.local.stack.StartApiCommand;
import com.example.blog.local.stack.TokenCommand;

/** Entry point of {@code blog-local.jar}: runs the blog's functions and the AWS endpoints they need, locally. */
public final class BlogLocal {

    private BlogLocal() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "data-api" -> DataApiCommand.run(rest);
            case "start-api" -> StartApiCommand.run(rest);
            case "invoke" -> System.exit(InvokeCommand.run(rest));
            case "token" -> System.exit(TokenCommand.run(rest));
            case "bench" -> System.exit(BenchCommand.run(rest));
            case "sql" -> System.exit(new picocli.CommandLine(new SqlCommand()).execute(rest));
            default -> {
                System.err.println("unknown command: " + args[0]);
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar infra/target/blog-local.jar <command> [options]

                commands:
                  start-api [--port 3000]                      the blog API on a local stack
                  invoke <FunctionLogicalId> --event FILE|-    one invocation, as sam local invoke -e
                  data-api [--port N]                          the RDS Data API endpoint alone
                  token --user NAME                            a JWT that start-api accepts
                  sql "select ..." | -f FILE                   SQL through the Data API (--tx, --rollback, --json)
                  bench                                        cold-start, overlap and size benchmarks
                """);
    }
}
