package com.example.blog.local.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

import com.sun.net.httpserver.Headers;

/**
 * The parts of AWS Signature Version 4 that every local endpoint computes the same way: the canonical request, the
 * string to sign, the signing key, the comparison of signatures and the request time. What differs between
 * services (the canonical URI, where the payload hash comes from, the errors answered) stays with each endpoint.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** AWS allows S3 requests, presigned URLs included, 15 minutes of clock skew; the local endpoints all do. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /** The {@code name=value} parameters after the algorithm of an {@code Authorization} header. */
    public static Map<String, String> authorizationParameters(String authorization) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return parameters;
        }
        for (String part : value.substring(space + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parameters.put(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
            }
        }
        return parameters;
    }

    /** A header as SigV4 reads it: null when absent, several values joined by commas. */
    public static String header(Headers headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    /** A request time in SigV4's basic ISO-8601 form, {@code yyyyMMdd'T'HHmmss'Z'}. */
    public static Instant parseDate(String amzDate) throws DateTimeParseException {
        return Instant.from(AMZ_DATE.parse(amzDate));
    }

    public static String formatDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /** Whether a request signed at {@code signedAt} is at most {@code maxSkew} away from {@code now}. */
    public static boolean isWithinSkew(Instant signedAt, Instant now, Duration maxSkew) {
        return Duration.between(signedAt, now).abs().compareTo(maxSkew) <= 0;
    }

    /**
     * The canonical request.
     *
     * @param canonicalUri      the path as the service canonicalises it (S3 encodes it once, other services twice)
     * @param query             the decoded query parameters
     * @param header            looks a header up by its lower-case name; null when absent
     * @param excludedParameter a query parameter left out (the signature of a presigned URL), or null
     */
    public static String canonicalRequest(String method, String canonicalUri, Map<String, String> query,
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
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders
                + "\n" + payloadHash;
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The key derived from the secret for one scope ({@code date/region/service/aws4_request}). */
    public static byte[] signingKey(String secretAccessKey, String scope) {
        String[] parts = scope.split("/");
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), parts[0]);
        key = hmac(key, parts[1]);
        key = hmac(key, parts[2]);
        return hmac(key, parts[3]);
    }

    public static String sign(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    /** Compares in constant time, so the time taken tells nothing about how much of a forged signature is right. */
    public static boolean matches(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** The query's parameters, decoded; a parameter without a value maps to the empty string. */
    public static Map<String, String> parseQuery(String rawQuery) {
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
    public static String decode(String raw) {
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
    public static String encode(String value, boolean encodeSlash) {
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
