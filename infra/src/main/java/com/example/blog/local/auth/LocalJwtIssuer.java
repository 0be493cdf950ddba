package com.example.blog.local.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The local stack's stand-in for the user pool: signs RS256 tokens shaped like Cognito ID tokens, with a key pair
 * generated on first use and kept under the data directory, so tokens stay valid across restarts.
 */
public final class LocalJwtIssuer {

    /** The issuer ({@code iss}) of every local token. */
    public static final String ISSUER = "https://blog-local.invalid/issuer";
    /** The audience ({@code aud}): the app client a Cognito ID token would be issued to. */
    public static final String AUDIENCE = "blog-local-client";

    private static final String KEY_FILE = "signing-key.jwk.json";

    private final RSAKey key;
    private final Clock clock;

    private LocalJwtIssuer(RSAKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** Loads the key pair from {@code directory}, generating it there the first time. */
    public static LocalJwtIssuer open(Path directory) throws IOException {
        return open(directory, Clock.systemUTC());
    }

    public static LocalJwtIssuer open(Path directory, Clock clock) throws IOException {
        Path file = directory.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            generate(directory, file);
        }
        try {
            return new LocalJwtIssuer(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)), clock);
        } catch (ParseException e) {
            throw new IOException("the signing key in " + file + " is unreadable; delete it to get a new one", e);
        }
    }

    private static void generate(Path directory, Path file) throws IOException {
        Files.createDirectories(directory);
        RSAKey generated;
        try {
            generated = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IOException("cannot generate a signing key", e);
        }
        Path temporary = Files.createTempFile(directory, KEY_FILE, ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the file keeps the directory's defaults.
        }
        Files.writeString(temporary, generated.toJSONString(), StandardCharsets.UTF_8);
        publish(temporary, file);
    }

    /**
     * Puts a fully written key in place unless another process (a concurrent start-api or token) got there first, in
     * which case theirs is kept: a stack already running signs with it. A rename would silently replace it; a hard
     * link fails atomically when the name is taken.
     */
    static void publish(Path temporary, Path file) throws IOException {
        try {
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            // Theirs stays.
        } catch (UnsupportedOperationException e) {
            // No hard links on this file system: a move that refuses an existing target, nearly as good.
            try {
                Files.move(temporary, file);
            } catch (FileAlreadyExistsException taken) {
                // Theirs stays.
            }
        }
        Files.deleteIfExists(temporary);
    }

    /** A signed token for {@code user}, valid for {@code ttl}. */
    public String token(String user, Duration ttl) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a token needs a user name");
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                // Cognito's sub is a stable UUID per user; a name-based one keeps that property.
                .subject(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString())
                .claim("cognito:username", user)
                .claim("token_use", "id")
                .claim("auth_time", now.getEpochSecond())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** The public half, as the JWKS a JWT authorizer would fetch from the issuer. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }
}
