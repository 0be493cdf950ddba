package com.example.blog.local.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 as S3 does, for requests signed in the {@code Authorization} header and for
 * presigned URLs (query-string authentication), and signs the chunks of an aws-chunked body's chain of signatures.
 * The canonical URI is the path encoded once, not normalised, as S3 expects (unlike other services).
 */
final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final String secretAccessKey;
    private final Duration maxSkew;
    private final Clock clock;

    SigV4Verifier(String accessKeyId, String secretAccessKey, Duration maxSkew, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /** What a verified request was signed with, to go on verifying the chunks of its body. */
    record Signed(String amzDate, String scope, byte[] signingKey, String seedSignature, String payloadHash,
            boolean presigned) {
    }

    /**
     * Verifies the request.
     *
     * @param header looks a header up by its lower-case name; null when absent, several values joined by commas
     */
    Signed verify(String method, String rawPath, String rawQuery, Function<String, String> header) {
        Map<String, String> query = parseQuery(rawQuery);
        String authorization = header.apply("authorization");
        if (authorization != null) {
            return verifyHeader(method, rawPath, query, header, authorization);
        }
        if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature")) {
            return verifyPresigned(method, rawPath, query, header);
        }
        throw new S3Error(403, "AccessDenied", "Access Denied");
    }

    private Signed verifyHeader(String method, String rawPath, Map<String, String> query,
            Function<String, String> header, String authorization) {
        String value = authorization.strip();
        if (!value.startsWith(ALGORITHM + " ")) {
            throw S3Error.badRequest("InvalidArgument", "Unsupported Authorization Type");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.substring(ALGORITHM.length()).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; it must name Credential, SignedHeaders and Signature.");
        }
        String amzDate = header.apply("x-amz-date");
        if (amzDate == null) {
            throw new S3Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
        }
        String payloadHash = header.apply("x-amz-content-sha256");
        if (payloadHash == null) {
            throw S3Error.badRequest("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        }
        Instant signedAt = parseDate(amzDate);
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(maxSkew) > 0) {
            throw new S3Error(403, "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.");
        }
        String scope = checkCredential(credential, amzDate);
        String canonical = canonicalRequest(method, rawPath, query, header, signedHeaders, payloadHash, null);
        byte[] key = signingKey(scope);
        check(signature, sign(key, stringToSign(amzDate, scope, canonical)));
        return new Signed(amzDate, scope, key, signature, payloadHash, false);
    }

    private Signed verifyPresigned(String method, String rawPath, Map<String, String> query,
            Function<String, String> header) {
        String algorithm = query.get("X-Amz-Algorithm");
        String credential = query.get("X-Amz-Credential");
        String amzDate = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        String signedHeaders = query.get("X-Amz-SignedHeaders");
        String signature = query.get("X-Amz-Signature");
        if (!ALGORITHM.equals(algorithm) || credential == null || amzDate == null || expires == null
                || signedHeaders == null || signature == null) {
            throw S3Error.badRequest("AuthorizationQueryParametersError",
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
                            + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        Instant signedAt = parseDate(amzDate);
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw S3Error.badRequest("AuthorizationQueryParametersError", "X-Amz-Expires should be a number");
        }
        if (seconds < 1 || seconds > 604_800) {
            throw S3Error.badRequest("AuthorizationQueryParametersError",
                    "X-Amz-Expires must be between 1 and 604800 seconds");
        }
        Instant now = clock.instant();
        if (signedAt.minus(maxSkew).isAfter(now)) {
            throw new S3Error(403, "AccessDenied", "Request is not valid yet");
        }
        if (now.isAfter(signedAt.plusSeconds(seconds))) {
            throw new S3Error(403, "AccessDenied", "Request has expired");
        }
        String scope = checkCredential(credential, amzDate);
        String payloadHash = query.getOrDefault("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
        String canonical = canonicalRequest(method, rawPath, query, header, signedHeaders, payloadHash,
                "X-Amz-Signature");
        byte[] key = signingKey(scope);
        check(signature, sign(key, stringToSign(amzDate, scope, canonical)));
        return new Signed(amzDate, scope, key, signature, payloadHash, true);
    }

    /**
     * Verifies the signature of a browser-form POST: the policy, base64 as sent, signed with the key of the
     * credential's scope. The policy's expiration, not the clock skew, bounds how long such a form is good for.
     */
    void verifyPolicy(String algorithm, String credential, String amzDate, String policy, String signature) {
        if (!ALGORITHM.equals(algorithm)) {
            throw S3Error.badRequest("InvalidArgument", "Only the AWS4-HMAC-SHA256 algorithm is supported for"
                    + " x-amz-algorithm.");
        }
        parseDate(amzDate);
        String scope = checkCredential(credential, amzDate);
        check(signature, sign(signingKey(scope), policy));
    }

    /** The signature of one chunk of a signed aws-chunked body, chained to the previous one. */
    static String chunkSignature(Signed signed, String previous, byte[] chunk) {
        String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signed.amzDate() + "\n" + signed.scope() + "\n" + previous
                + "\n" + EMPTY_SHA256 + "\n" + sha256Hex(chunk);
        return sign(signed.signingKey(), toSign);
    }

    /** The signature of the trailing headers of a signed aws-chunked body. */
    static String trailerSignature(Signed signed, String previous, String canonicalTrailers) {
        String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + signed.amzDate() + "\n" + signed.scope() + "\n" + previous
                + "\n" + sha256Hex(canonicalTrailers.getBytes(StandardCharsets.UTF_8));
        return sign(signed.signingKey(), toSign);
    }

    static void check(String given, String expected) {
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII))) {
            throw S3Error.signatureMismatch();
        }
    }

    private String checkCredential(String credential, String amzDate) {
        String[] parts = credential.split("/");
        if (parts.length != 5 || !"aws4_request".equals(parts[4])) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; the Credential is mal-formed; expecting"
                            + " \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        if (!accessKeyId.equals(parts[0])) {
            throw new S3Error(403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.");
        }
        if (!"s3".equals(parts[3])) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; incorrect service \"" + parts[3] + "\". This endpoint"
                            + " belongs to \"s3\".");
        }
        if (!amzDate.startsWith(parts[1])) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; Invalid credential date. Date is not the same as"
                            + " X-Amz-Date.");
        }
        return parts[1] + "/" + parts[2] + "/" + parts[3] + "/" + parts[4];
    }

    private static Instant parseDate(String amzDate) {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new S3Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
        }
    }

    private static String canonicalRequest(String method, String rawPath, Map<String, String> query,
            Function<String, String> header, String signedHeaders, String payloadHash, String excludedParameter) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> entry : query.entrySet()) {
            if (!entry.getKey().equals(excludedParameter)) {
                pairs.add(new String[] {encode(entry.getKey(), true), encode(entry.getValue(), true)});
            }
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder canonicalQuery = new StringBuilder();
        for (String[] pair : pairs) {
            if (canonicalQuery.length() > 0) {
                canonicalQuery.append('&');
            }
            canonicalQuery.append(pair[0]).append('=').append(pair[1]);
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            String value = header.apply(name.toLowerCase(Locale.ROOT));
            canonicalHeaders.append(name.toLowerCase(Locale.ROOT)).append(':')
                    .append(value == null ? "" : value.strip().replaceAll(" +", " ")).append('\n');
        }
        String path = rawPath == null || rawPath.isEmpty() ? "/" : encode(decode(rawPath), false);
        return method + "\n" + path + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n"
                + payloadHash;
    }

    private static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] signingKey(String scope) {
        return signingKey(secretAccessKey, scope);
    }

    /** The key derived from the secret for one scope ({@code date/region/service/aws4_request}). */
    static byte[] signingKey(String secretAccessKey, String scope) {
        String[] parts = scope.split("/");
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), parts[0]);
        key = hmac(key, parts[1]);
        key = hmac(key, parts[2]);
        return hmac(key, parts[3]);
    }

    private static String sign(byte[] key, String stringToSign) {
        return HEX.formatHex(hmac(key, stringToSign));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query's parameters, decoded; a parameter without a value maps to the empty string. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.put(name, value);
        }
        return query;
    }

    /** Percent-decodes as a URI path does: a {@code +} stays a plus sign. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int percent = raw.indexOf('%', i);
            int end = percent < 0 ? raw.length() : percent;
            byte[] plain = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
            bytes.write(plain, 0, plain.length);
            if (percent < 0) {
                break;
            }
            if (percent + 2 >= raw.length() || Character.digit(raw.charAt(percent + 1), 16) < 0
                    || Character.digit(raw.charAt(percent + 2), 16) < 0) {
                bytes.write('%');
                i = percent + 1;
            } else {
                bytes.write(Integer.parseInt(raw, percent + 1, percent + 3, 16));
                i = percent + 3;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** SigV4's URI encoding: everything but the unreserved characters (and, in a path, the slash) as %XX. */
    static String encode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
