package com.example.blog.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs an S3 POST policy (browser-based upload, Signature Version 4). The SDK for Java v2 presigns URLs but not
 * POST forms, so the policy document and its signature are made here: the signature is HMAC-SHA256 of the
 * base64-encoded policy under the usual SigV4 signing key for the date, region and {@code s3}.
 *
 * <p>The policy admits exactly one object: the server-chosen key, the one Content-Type, a size between one byte and
 * the limit; every field the form carries is named by a condition, as S3 requires.
 */
final class S3PostPolicy {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private S3PostPolicy() {
    }

    /** What the form uploads: one key of one bucket, of one Content-Type, of at most {@code maxBytes}. */
    record Upload(String url, String bucket, String key, String contentType, long maxBytes) {
    }

    static UploadForm sign(Upload upload, AwsCredentialsIdentity credentials, String region, Instant now,
                           Duration ttl) {
        Instant signedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = signedAt.plus(ttl);
        String credential = credentials.accessKeyId() + "/" + DATE.format(signedAt) + "/" + region + "/s3/aws4_request";
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("key", upload.key());
        signed.put("Content-Type", upload.contentType());
        signed.put("x-amz-algorithm", ALGORITHM);
        signed.put("x-amz-credential", credential);
        signed.put("x-amz-date", DATE_TIME.format(signedAt));
        if (credentials instanceof AwsSessionCredentialsIdentity session) {
            signed.put("x-amz-security-token", session.sessionToken());
        }
        StringBuilder policy = new StringBuilder()
                .append("{\"expiration\":").append(quoted(DateTimeFormatter.ISO_INSTANT.format(expiresAt)))
                .append(",\"conditions\":[{\"bucket\":").append(quoted(upload.bucket())).append('}')
                .append(",[\"content-length-range\",1,").append(upload.maxBytes()).append(']');
        signed.forEach((name, value) -> policy.append(",{").append(quoted(name)).append(':').append(quoted(value))
                .append('}'));
        policy.append("]}");
        String encoded = Base64.getEncoder().encodeToString(policy.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> fields = new LinkedHashMap<>(signed);
        fields.put("policy", encoded);
        byte[] key = signingKey(credentials.secretAccessKey(), DATE.format(signedAt), region, "s3");
        fields.put("x-amz-signature", HexFormat.of().formatHex(hmac(key, encoded)));
        return new UploadForm(upload.url(), fields, expiresAt);
    }

    /** SigV4's key derivation: the secret, then date, region, service and the terminator, each an HMAC step. */
    static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A JSON string; the values are keys, media types and credentials, but a token may hold any character. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
