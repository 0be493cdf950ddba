package com.example.blog.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jwt.JWTClaimsSet;

class JwtAuthorizerTest {

    @TempDir
    Path directory;

    @Test
    void authorize_aTokenFromTheIssuer_acceptsItAndPassesItsClaimsAsStrings() throws Exception {
        LocalJwtIssuer issuer = LocalJwtIssuer.open(directory);
        JwtAuthorizer authorizer = authorizer(issuer);

        JwtAuthorizer.Decision decision = authorizer.authorize("Bearer " + issuer.token("alice", Duration.ofHours(1)),
                List.of());

        assertThat(decision.authorized()).isTrue();
        assertThat(decision.claims())
                .containsEntry("cognito:username", "alice")
                .containsEntry("iss", LocalJwtIssuer.ISSUER)
                .containsEntry("aud", LocalJwtIssuer.AUDIENCE)
                .containsEntry("token_use", "id")
                .containsKeys("sub", "exp", "iat");
        assertThat(decision.claims().get("exp")).matches("\\d+");
        assertThat(decision.scopes()).isEmpty();
    }

    @Test
    void stringClaims_flattensListsAndNumbersAsApiGatewayDoes() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("cognito:groups", List.of("admins", "editors"))
                .claim("exp", 1700000000L)
                .claim("email_verified", true)
                .build();

        assertThat(JwtAuthorizer.stringClaims(claims))
                .containsEntry("cognito:groups", "[admins editors]")
                .containsEntry("exp", "1700000000")
                .containsEntry("email_verified", "true");
    }

    @Test
    void authorize_withoutTheBearerPrefix_acceptsTheTokenAsApiGatewayDoes() throws Exception {
        LocalJwtIssuer issuer = LocalJwtIssuer.open(directory);

        assertThat(authorizer(issuer).authorize(issuer.token("bob", Duration.ofMinutes(5)), List.of()).authorized())
                .isTrue();
    }

    @Test
    void authorize_whenTheTokenIsMissing_denies() throws Exception {
        JwtAuthorizer authorizer = authorizer(LocalJwtIssuer.open(directory));

        assertThat(authorizer.authorize(null, List.of()).authorized()).isFalse();
        assertThat(authorizer.authorize("Bearer ", List.of()).authorized()).isFalse();
    }

    @Test
    void authorize_whenTheTokenHasExpired_denies() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        LocalJwtIssuer pastIssuer = LocalJwtIssuer.open(directory, twoHoursAgo);
        String expired = pastIssuer.token("alice", Duration.ofHours(1));

        assertThat(authorizer(LocalJwtIssuer.open(directory)).authorize(expired, List.of()).authorized()).isFalse();
    }

    @Test
    void authorize_whenTheTokenIsSignedByAnotherKey_denies(@TempDir Path otherDirectory) throws Exception {
        String forged = LocalJwtIssuer.open(otherDirectory).token("alice", Duration.ofHours(1));

        assertThat(authorizer(LocalJwtIssuer.open(directory)).authorize(forged, List.of()).authorized()).isFalse();
    }

    @Test
    void authorize_whenThePayloadWasAlteredAfterSigning_denies() throws Exception {
        LocalJwtIssuer issuer = LocalJwtIssuer.open(directory);
        String[] parts = issuer.token("alice", Duration.ofHours(1)).split("\\.");
        String otherPayload = issuer.token("mallory", Duration.ofHours(1)).split("\\.")[1];

        String tampered = parts[0] + "." + otherPayload + "." + parts[2];

        assertThat(authorizer(issuer).authorize(tampered, List.of()).authorized()).isFalse();
    }

    @Test
    void authorize_whenTheIssuerOrAudienceDiffers_denies() throws Exception {
        LocalJwtIssuer issuer = LocalJwtIssuer.open(directory);
        String token = issuer.token("alice", Duration.ofHours(1));

        assertThat(new JwtAuthorizer(issuer.publicKeys(), "https://elsewhere.invalid", LocalJwtIssuer.AUDIENCE)
                .authorize(token, List.of()).authorized()).isFalse();
        assertThat(new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER, "another-client")
                .authorize(token, List.of()).authorized()).isFalse();
    }

    @Test
    void authorize_whenTheRouteNeedsAScopeTheTokenLacks_denies() throws Exception {
        LocalJwtIssuer issuer = LocalJwtIssuer.open(directory);

        assertThat(authorizer(issuer).authorize(issuer.token("alice", Duration.ofHours(1)), List.of("blog/write"))
                .authorized()).isFalse();
    }

    @Test
    void open_reusesTheKeyPairKeptInTheDirectory() throws Exception {
        String token = LocalJwtIssuer.open(directory).token("alice", Duration.ofHours(1));

        assertThat(authorizer(LocalJwtIssuer.open(directory)).authorize(token, List.of()).authorized()).isTrue();
    }

    private static JwtAuthorizer authorizer(LocalJwtIssuer issuer) {
        return new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE);
    }
}
