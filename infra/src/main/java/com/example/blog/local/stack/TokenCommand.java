package com.example.blog.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.example.blog.local.Cli;
import com.example.blog.local.auth.LocalJwtIssuer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code token --user NAME [--ttl 1h]}: a JWT that start-api's authorizer accepts, on stdout. */
@Command(name = "token", sortOptions = false, showDefaultValues = true,
        description = {"A JWT that start-api's authorizer accepts.", "Prints a signed JWT (RS256, claims iss, aud, sub, cognito:username, token_use, iat, exp) that"
                + " the local HTTP API's JWT authorizer accepts. The signing key is kept in <data-dir>/jwt."})
public final class TokenCommand implements Callable<Integer> {

    @Mixin
    Cli.HelpOption help;

    @Option(names = "--user", paramLabel = "NAME", required = true, description = "The user the token names.")
    String user;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = Cli.PositiveDuration.class,
            description = "How long the token is valid, e.g. 90s, 15m, 1h.")
    Duration ttl;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".blog-local",
            description = "The data directory of the start-api that should accept the token.")
    Path dataDirectory;

    @Override
    public Integer call() throws Exception {
        if (user.isBlank()) {
            throw new Cli.UserError("--user must name someone, e.g. --user alice", 2);
        }
        Path data = dataDirectory.toAbsolutePath();
        if (!Files.isDirectory(data.resolve("jwt"))) {
            // A key made here is one no running start-api knows: say so rather than hand out a token that gets 401.
            System.err.println("token: no signing key in " + data.resolve("jwt") + "; created a new one. A start-api"
                    + " running from another directory (or with another --data-dir) will reject this token.");
        }
        System.out.println(LocalJwtIssuer.open(data.resolve("jwt")).token(user.strip(), ttl));
        return 0;
    }
}
