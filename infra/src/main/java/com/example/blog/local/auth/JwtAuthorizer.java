package com.example.blog.local.auth;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * An HTTP API JWT authorizer: takes the token from the identity source, checks it as API Gateway documents (a
 * {@code kid} naming a key of the issuer's set and an RSA signature by that key; {@code iss} equal to the issuer;
 * {@code aud} or {@code client_id} one of the audiences; {@code exp} after now; {@code nbf} and {@code iat}, when
 * present, before now; no clock skew allowed), and hands the claims on as API Gateway does (every value as a string).
 */
public final class JwtAuthorizer {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final JWKSet keys;

    public JwtAuthorizer(JWKSet keys, String issuer, String audience) {
        this.keys = keys;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(RSA_ALGORITHMS, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier((claims, context) -> verify(claims, issuer, audience, new Date()));
    }

    /** API Gateway verifies RSA signatures only. */
    private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512);

    static void verify(JWTClaimsSet claims, String issuer, String audience, Date now) throws BadJWTException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("iss is not the authorizer's issuer");
        }
        String clientId;
        try {
            clientId = claims.getStringClaim("client_id");
        } catch (ParseException e) {
            throw new BadJWTException("client_id is not a string");
        }
        List<String> audiences = claims.getAudience();
        if (!audiences.contains(audience) && !audience.equals(clientId)) {
            throw new BadJWTException("neither aud nor client_id is one of the authorizer's audiences");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new BadJWTException("no exp");
        }
        if (!expires.after(now)) {
            throw new BadJWTException("expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.after(now)) {
            throw new BadJWTException("nbf is in the future");
        }
        Date issued = claims.getIssueTime();
        if (issued != null && issued.after(now)) {
            throw new BadJWTException("iat is in the future");
        }
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
            // Without a kid the key selector would try every key of the set; API Gateway requires the kid.
            String keyId = JWSObject.parse(token).getHeader().getKeyID();
            if (keyId == null || keys.getKeyByKeyId(keyId) == null) {
                return Decision.denied(keyId == null ? "no kid in the token's header" : "kid names no key of the"
                        + " issuer");
            }
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
        List<String> scopes = new ArrayList<>();
        for (String name : List.of("scope", "scp")) {
            Object scope = claims.getClaim(name);
            if (scope instanceof String text && !text.isBlank()) {
                scopes.addAll(List.of(text.strip().split("\\s+")));
            } else if (scope instanceof List<?> list) {
                list.forEach(item -> scopes.add(String.valueOf(item)));
            }
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
