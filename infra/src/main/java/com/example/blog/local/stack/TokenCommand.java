package com.example.blog.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import com.example.blog.local.CommandLine;
import com.example.blog.local.auth.LocalJwtIssuer;

/** {@code token --user NAME [--ttl 1h]}: a JWT that start-api's authorizer accepts, on stdout. */
public final class TokenCommand {

    private static final Set<String> OPTIONS = Set.of("user", "ttl", "data-dir");

    private TokenCommand() {
    }

    public static int run(String[] args) throws Exception {
        CommandLine line;
        try {
            line = CommandLine.parse(args, OPTIONS);
            line.duration("ttl", Duration.ofHours(1));
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            return 2;
        }
        String user = line.string("user", null);
        if (line.help() || user == null || user.isBlank()) {
            System.err.println("""
                    usage: token --user NAME [--ttl 1h] [--data-dir .blog-local]

                    Prints a signed JWT (RS256, claims iss, aud, sub, cognito:username, token_use, iat, exp) that the
                    local HTTP API's JWT authorizer accepts. The signing key is kept in <data-dir>/jwt.""");
            return line.help() ? 0 : 2;
        }
        Duration ttl = line.duration("ttl", Duration.ofHours(1));
        Path data = line.path("data-dir", Path.of(".blog-local")).toAbsolutePath();
        if (!Files.isDirectory(data.resolve("jwt"))) {
            // A key made here is one no running start-api knows: say so rather than hand out a token that gets 401.
            System.err.println("token: no signing key in " + data.resolve("jwt") + "; created a new one. A start-api"
                    + " running from another directory (or with another --data-dir) will reject this token.");
        }
        System.out.println(LocalJwtIssuer.open(data.resolve("jwt")).token(user.strip(), ttl));
        return 0;
    }
}
