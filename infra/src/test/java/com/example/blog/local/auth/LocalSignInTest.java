package com.example.blog.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The local sign-in's authorization code + PKCE flow, and what it refuses. */
class LocalSignInTest {

    private static final String ORIGIN = "http://127.0.0.1:3000";
    private static final String REDIRECT = ORIGIN + "/";
    private static final String VERIFIER = "a".repeat(20) + "-b.c_d~" + "e".repeat(30);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private LocalJwtIssuer issuer;
    private MutableClock clock;
    private LocalSignIn signIn;

    @BeforeEach
    void open() throws Exception {
        clock = new MutableClock(Instant.now());
        issuer = LocalJwtIssuer.open(directory);
        signIn = new LocalSignIn(issuer, clock);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> authorizeRequest(String redirect) {
        return new java.util.LinkedHashMap<>(Map.of("response_type", "code", "client_id", LocalJwtIssuer.AUDIENCE,
                "redirect_uri", redirect, "state", "s1", "code_challenge", LocalSignIn.s256(VERIFIER),
                "code_challenge_method", "S256"));
    }

    private LocalSignIn.Answer post(String path, Map<String, String> fields) {
        return signIn.answer("POST", path, "", FORM, form(fields).getBytes(StandardCharsets.UTF_8), ORIGIN)
                .orElseThrow();
    }

    /** Signs in as {@code user} and returns the code from the redirect. */
    private String code(String user) {
        Map<String, String> fields = authorizeRequest(REDIRECT);
        fields.put("username", user);
        LocalSignIn.Answer answer = post(LocalSignIn.AUTHORIZE_PATH, fields);
        assertThat(answer.status()).isEqualTo(303);
        URI location = URI.create(answer.headers().get("Location"));
        assertThat(location.toString()).startsWith(REDIRECT + "?code=").endsWith("&state=s1");
        return LocalSignIn.parse(location.getRawQuery()).get("code");
    }

    private LocalSignIn.Answer token(String code, String verifier) {
        return post(LocalSignIn.TOKEN_PATH, Map.of("grant_type", "authorization_code", "client_id",
                LocalJwtIssuer.AUDIENCE, "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier));
    }

    @Test
    void authorize_showsAPageAskingForANameWithALabel() {
        LocalSignIn.Answer page = signIn.answer("GET", LocalSignIn.AUTHORIZE_PATH, form(authorizeRequest(REDIRECT)),
                null, new byte[0], ORIGIN).orElseThrow();
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(page.status()).isEqualTo(200);
        assertThat(html).contains("<label for=\"username\">").contains("id=\"username\"")
                .doesNotContain("type=\"password\"");
    }

    @Test
    void token_withTheCodeAndItsVerifier_returnsAnIdTokenTheAuthorizerAccepts() throws Exception {
        LocalSignIn.Answer answer = token(code("alice"), VERIFIER);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        JwtAuthorizer.Decision decision = new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER,
                LocalJwtIssuer.AUDIENCE).authorize("Bearer " + body.get("id_token").asText(), List.of());
        assertThat(decision.authorized()).as(decision.reason()).isTrue();
        assertThat(decision.claims()).containsEntry("cognito:username", "alice");
    }

    @Test
    void token_withAnotherVerifier_returnsInvalidGrant() throws Exception {
        LocalSignIn.Answer answer = token(code("alice"), "x".repeat(50));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void token_whenTheCodeIsUsedTwice_refusesTheSecondTime() {
        String code = code("alice");
        assertThat(token(code, VERIFIER).status()).isEqualTo(200);
        assertThat(token(code, VERIFIER).status()).isEqualTo(400);
    }

    @Test
    void token_afterTheCodeExpired_returnsInvalidGrant() {
        String code = code("alice");
        clock.advance(LocalSignIn.CODE_LIFETIME.plusSeconds(1));
        assertThat(token(code, VERIFIER).status()).isEqualTo(400);
    }

    @Test
    void authorize_whenRedirectLeavesThisOrigin_refusesWithoutIssuingACode() {
        for (String redirect : List.of("http://evil.example/", "http://127.0.0.1:3001/", "//evil.example/",
                "http://user@127.0.0.1:3000/", "javascript:alert(1)")) {
            Map<String, String> fields = authorizeRequest(redirect);
            fields.put("username", "alice");
            LocalSignIn.Answer answer = post(LocalSignIn.AUTHORIZE_PATH, fields);
            assertThat(answer.status()).as(redirect).isEqualTo(400);
            assertThat(answer.headers()).as(redirect).doesNotContainKey("Location");
        }
    }

    @Test
    void authorize_withoutPkce_refuses() {
        Map<String, String> fields = authorizeRequest(REDIRECT);
        fields.remove("code_challenge");
        fields.put("username", "alice");
        assertThat(post(LocalSignIn.AUTHORIZE_PATH, fields).status()).isEqualTo(400);
    }

    @Test
    void authorize_withABlankName_asksAgain() {
        Map<String, String> fields = authorizeRequest(REDIRECT);
        fields.put("username", "  ");
        LocalSignIn.Answer answer = post(LocalSignIn.AUTHORIZE_PATH, fields);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("role=\"alert\"")
                .contains("id=\"username\"");
    }

    @Test
    void answer_forOtherPaths_isEmpty() {
        assertThat(signIn.answer("GET", "/index.html", "", null, new byte[0], ORIGIN)).isEmpty();
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
