package com.example.blog.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

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

    @Test
    void authorize_aTokenWithoutKid_denies_evenWhenItsSignatureIsGood() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtAuthorizer authorizer = new JwtAuthorizer(new JWKSet(key.toPublicJWK()), ISSUER, AUDIENCE);

        assertThat(authorizer.authorize(sign(key, "k1", claims(Instant.now())), List.of()).authorized()).isTrue();
        assertThat(authorizer.authorize(sign(key, null, claims(Instant.now())), List.of()).authorized()).isFalse();
        assertThat(authorizer.authorize(sign(key, "unknown", claims(Instant.now())), List.of()).authorized())
                .isFalse();
    }

    @Test
    void authorize_aTokenIssuedInTheFuture_denies() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtAuthorizer authorizer = new JwtAuthorizer(new JWKSet(key.toPublicJWK()), ISSUER, AUDIENCE);
        JWTClaimsSet future = new JWTClaimsSet.Builder(claims(Instant.now()))
                .issueTime(Date.from(Instant.now().plusSeconds(30))).build();
        JWTClaimsSet notYetValid = new JWTClaimsSet.Builder(claims(Instant.now()))
                .notBeforeTime(Date.from(Instant.now().plusSeconds(30))).build();

        assertThat(authorizer.authorize(sign(key, "k1", future), List.of()).reason()).contains("iat");
        assertThat(authorizer.authorize(sign(key, "k1", notYetValid), List.of()).reason()).contains("nbf");
    }

    @Test
    void authorize_aTokenExpiredSecondsAgo_denies_noClockSkewAllowed() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtAuthorizer authorizer = new JwtAuthorizer(new JWKSet(key.toPublicJWK()), ISSUER, AUDIENCE);
        JWTClaimsSet expired = new JWTClaimsSet.Builder(claims(Instant.now().minusSeconds(60)))
                .expirationTime(Date.from(Instant.now().minusSeconds(5))).build();

        assertThat(authorizer.authorize(sign(key, "k1", expired), List.of()).reason()).isEqualTo("expired");
    }

    @Test
    void authorize_anAccessTokenWithClientIdAndScp_isCheckedAsApiGatewayDoes() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtAuthorizer authorizer = new JwtAuthorizer(new JWKSet(key.toPublicJWK()), ISSUER, AUDIENCE);
        JWTClaimsSet access = new JWTClaimsSet.Builder(claims(Instant.now())).audience((String) null)
                .claim("client_id", AUDIENCE).claim("scp", List.of("blog/write")).build();
        JWTClaimsSet otherClient = new JWTClaimsSet.Builder(access).claim("client_id", "someone-else").build();

        assertThat(authorizer.authorize(sign(key, "k1", access), List.of("blog/write")).authorized()).isTrue();
        assertThat(authorizer.authorize(sign(key, "k1", otherClient), List.of()).authorized()).isFalse();
    }

    @Test
    void authorize_aTokenWithoutExp_denies() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtAuthorizer authorizer = new JwtAuthorizer(new JWKSet(key.toPublicJWK()), ISSUER, AUDIENCE);
        JWTClaimsSet endless = new JWTClaimsSet.Builder(claims(Instant.now())).expirationTime(null).build();

        assertThat(authorizer.authorize(sign(key, "k1", endless), List.of()).authorized()).isFalse();
    }

    private static final String ISSUER = "https://issuer.example";
    private static final String AUDIENCE = "client-1";

    private static JWTClaimsSet claims(Instant issued) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(3600))).build();
    }

    private static String sign(RSAKey key, String keyId, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JwtAuthorizer authorizer(LocalJwtIssuer issuer) {
        return new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE);
    }
}
