package com.example.blog.local.auth;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * An HTTP API JWT authorizer: takes the token from the identity source, checks signature, issuer, audience and
 * time claims, and hands the claims on as API Gateway does (every value as a string).
 */
public final class JwtAuthorizer {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtAuthorizer(JWKSet keys, String issuer, String audience) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat"), Set.of()));
    }

    /** What the authorizer decided; claims and scopes only when the token was accepted. */
    public record Decision(boolean authorized, String reason, Map<String, String> claims, List<String> scopes) {

        static Decision denied(String reason) {
            return new Decision(false, reason, Map.of(), List.of());
        }
    }

    /**
     * Authorizes a request by the value of its identity-source header (null when absent). Like API Gateway, the
     * {@code Bearer} prefix is optional.
     */
    public Decision authorize(String headerValue, List<String> requiredScopes) {
        if (headerValue == null || headerValue.isBlank()) {
            return Decision.denied("no token");
        }
        String token = headerValue.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Decision.denied(e.getMessage());
        }
        List<String> scopes = scopes(claims);
        if (!requiredScopes.isEmpty() && requiredScopes.stream().noneMatch(scopes::contains)) {
            return new Decision(false, "insufficient scope", Map.of(), List.of());
        }
        return new Decision(true, null, stringClaims(claims), scopes);
    }

    private static List<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        List<String> scopes = new ArrayList<>();
        if (scope instanceof String text && !text.isBlank()) {
            scopes.addAll(List.of(text.strip().split("\\s+")));
        }
        return scopes;
    }

    /**
     * API Gateway passes every claim as a string: numbers in decimal, lists as {@code [a b]}, so functions never
     * see JSON types in {@code requestContext.authorizer.jwt.claims}.
     */
    static Map<String, String> stringClaims(JWTClaimsSet claims) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> claim : claims.toJSONObject().entrySet()) {
            result.put(claim.getKey(), claimString(claim.getValue()));
        }
        return result;
    }

    private static String claimString(Object value) {
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(claimString(item)));
            return "[" + String.join(" ", items) + "]";
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
        }
        return value == null ? "" : String.valueOf(value);
    }
}
