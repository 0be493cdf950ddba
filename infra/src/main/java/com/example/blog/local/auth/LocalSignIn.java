package com.example.blog.local.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local issuer's sign-in, shaped like the OAuth 2.0 endpoints of Cognito's hosted UI so the web page runs the
 * same authorization code + PKCE flow locally as when deployed: {@code GET authorize} shows a page that asks for a
 * name (no password: anyone at this machine may act as anyone), {@code POST authorize} redirects back with a
 * one-time code, and {@code POST token} trades the code and its PKCE verifier for an ID token signed by
 * {@link LocalJwtIssuer}.
 *
 * <p>Redirects go only to the origin the sign-in page itself was served from, so a code never leaves this machine's
 * page for another site.
 */
public final class LocalSignIn {

    public static final String AUTHORIZE_PATH = "/local-auth/authorize";
    public static final String TOKEN_PATH = "/local-auth/token";

    /** Cognito's authorization codes are valid for five minutes. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** Cognito user names: up to 128 characters, no spaces or control characters. */
    private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}\\p{S}\\p{P}]{1,128}");
    private static final Pattern PKCE_VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An answer in the gateway's terms, kept independent of it. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private record Grant(String user, String redirectUri, String challenge, Instant expires) {
    }

    private final LocalJwtIssuer issuer;
    private final Clock clock;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    public LocalSignIn(LocalJwtIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * Answers a request to one of the sign-in paths; empty for any other path.
     *
     * @param origin the origin the request was addressed to ({@code http://} + its Host header)
     */
    public Optional<Answer> answer(String method, String path, String rawQuery, String contentType, byte[] body,
            String origin) {
        if (path.equals(AUTHORIZE_PATH)) {
            return Optional.of(switch (method) {
                case "GET", "HEAD" -> authorizePage(parse(rawQuery), origin);
                case "POST" -> isForm(contentType) ? signIn(parse(new String(body, StandardCharsets.UTF_8)), origin)
                        : page(415, "Send the sign-in form as application/x-www-form-urlencoded.", null);
                default -> methodNotAllowed("GET, POST");
            });
        }
        if (path.equals(TOKEN_PATH)) {
            if (!method.equals("POST")) {
                return Optional.of(methodNotAllowed("POST"));
            }
            return Optional.of(isForm(contentType) ? token(parse(new String(body, StandardCharsets.UTF_8)))
                    : tokenError("invalid_request", "the body must be application/x-www-form-urlencoded"));
        }
        return Optional.empty();
    }

    private Answer authorizePage(Map<String, String> query, String origin) {
        Optional<String> problem = checkAuthorizeRequest(query, origin);
        if (problem.isPresent()) {
            return page(400, problem.get(), null);
        }
        return page(200, null, query);
    }

    private Answer signIn(Map<String, String> form, String origin) {
        Optional<String> problem = checkAuthorizeRequest(form, origin);
        if (problem.isPresent()) {
            return page(400, problem.get(), null);
        }
        String user = form.getOrDefault("username", "").strip();
        if (!USER_NAME.matcher(user).matches()) {
            return page(400, "A name is 1 to 128 letters, digits or punctuation, without spaces.", form);
        }
        removeExpired();
        String code = randomToken();
        codes.put(code, new Grant(user, form.get("redirect_uri"), form.get("code_challenge"),
                clock.instant().plus(CODE_LIFETIME)));
        StringBuilder location = new StringBuilder(form.get("redirect_uri"))
                .append(form.get("redirect_uri").contains("?") ? '&' : '?')
                .append("code=").append(encode(code));
        if (form.get("state") != null) {
            location.append("&state=").append(encode(form.get("state")));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", location.toString());
        headers.put("Cache-Control", "no-store");
        return new Answer(303, headers, new byte[0]);
    }

    private Answer token(Map<String, String> form) {
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return tokenError("unsupported_grant_type", "only authorization_code is supported");
        }
        if (!LocalJwtIssuer.AUDIENCE.equals(form.get("client_id"))) {
            return tokenError("invalid_client", "unknown client_id");
        }
        String code = form.get("code");
        // One use only, whatever the outcome: a replayed or guessed code must not get a second try.
        Grant grant = code == null ? null : codes.remove(code);
        if (grant == null || grant.expires().isBefore(clock.instant())) {
            return tokenError("invalid_grant", "the code is unknown, used or expired");
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            return tokenError("invalid_grant", "redirect_uri differs from the authorization request's");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !PKCE_VALUE.matcher(verifier).matches()
                || !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                        grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
            return tokenError("invalid_grant", "code_verifier does not match the code_challenge");
        }
        String token = issuer.token(grant.user(), TOKEN_LIFETIME);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
        return json(200, answer);
    }

    /** What is wrong with an authorization request, if anything, in words for the person at the browser. */
    private static Optional<String> checkAuthorizeRequest(Map<String, String> query, String origin) {
        if (!"code".equals(query.get("response_type"))) {
            return Optional.of("response_type must be code.");
        }
        if (!LocalJwtIssuer.AUDIENCE.equals(query.get("client_id"))) {
            return Optional.of("client_id must be " + LocalJwtIssuer.AUDIENCE + ".");
        }
        if (!"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null
                || !PKCE_VALUE.matcher(query.get("code_challenge")).matches()) {
            return Optional.of("A PKCE code_challenge with code_challenge_method S256 is required.");
        }
        String redirect = query.get("redirect_uri");
        if (redirect == null || !sameOrigin(redirect, origin)) {
            return Optional.of("redirect_uri must be a page of " + origin + ".");
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String uri, String origin) {
        try {
            URI target = new URI(uri);
            URI own = new URI(origin);
            return target.getScheme() != null && target.getScheme().equalsIgnoreCase(own.getScheme())
                    && target.getRawAuthority() != null && target.getRawAuthority().equalsIgnoreCase(
                            own.getRawAuthority())
                    && target.getRawFragment() == null && target.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void removeExpired() {
        Instant now = clock.instant();
        codes.values().removeIf(grant -> grant.expires().isBefore(now));
    }

    /** The sign-in page; {@code request} carries the authorization request into the form (null: error only). */
    private static Answer page(int status, String error, Map<String, String> request) {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in - local blog</title>
                <link rel="icon" href="data:,">
                <link rel="stylesheet" href="/styles.css">
                </head>
                <body>
                <main class="signin">
                <h1>Sign in to the local blog</h1>
                """);
        if (error != null) {
            html.append("<p class=\"error\" role=\"alert\" id=\"signin-error\">").append(escape(error))
                    .append("</p>\n");
        }
        if (request != null) {
            html.append("""
                    <p>This is the local stack's stand-in for the user pool: there are no passwords, you act as \
                    whoever you name.</p>
                    <form method="post" action="/local-auth/authorize">
                    """);
            for (String field : List.of("response_type", "client_id", "redirect_uri", "state", "code_challenge",
                    "code_challenge_method", "scope")) {
                if (request.get(field) != null) {
                    html.append("<input type=\"hidden\" name=\"").append(field).append("\" value=\"")
                            .append(escape(request.get(field))).append("\">\n");
                }
            }
            html.append("""
                    <label for="username">Your name</label>
                    <input id="username" name="username" required maxlength="128" autocomplete="username" \
                    autofocus pattern="\\S+" aria-describedby="username-hint"%s>
                    <p id="username-hint" class="hint">Letters, digits or punctuation, no spaces, e.g. alice.</p>
                    <button type="submit">Sign in</button>
                    </form>
                    """.formatted(error != null ? " aria-invalid=\"true\"" : ""));
        }
        html.append("</main>\n</body>\n</html>\n");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        return new Answer(status, headers, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Answer methodNotAllowed(String allowed) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Allow", allowed);
        headers.put("Content-Type", "application/json");
        return new Answer(405, headers, "{\"message\":\"Method Not Allowed\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** OAuth 2.0's token error (RFC 6749 section 5.2). */
    private static Answer tokenError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return json(400, body);
    }

    private static Answer json(int status, Map<String, Object> body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        try {
            return new Answer(status, headers, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).strip()
                .startsWith("application/x-www-form-urlencoded");
    }

    /** A query string or form body; the first of repeated names wins, as Cognito's endpoints take one of each. */
    static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (name != null && value != null) {
                values.putIfAbsent(name, value);
            }
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
