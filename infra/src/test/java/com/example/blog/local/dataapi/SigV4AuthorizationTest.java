package com.example.blog.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.example.blog.local.sigv4.SigV4;

/** Requests signed by the AWS SDK's signer, checked as the local Data API checks them. */
class SigV4AuthorizationTest {

    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:8085/Execute");
    private static final String BODY = "{\"sql\":\"select 1\"}";
    private static final String WRONG_SIGNATURE = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.";
    private static final String CONTENT_HASH_MISMATCH =
            "The provided 'x-amz-content-sha256' header does not match what was computed.";

    @Test
    void check_requestSignedWithTheSecretBySdk_isAccepted() {
        Map<String, List<String>> headers = sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY, NOW, Map.of());

        assertThatCode(() -> check(headers, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void check_requestSignedWithAnotherSecret_isInvalidSignature() {
        Map<String, List<String>> headers = sign("not-the-secret", NOW, Map.of());

        assertRejected(() -> check(headers, BODY, NOW), 403, "InvalidSignatureException", WRONG_SIGNATURE);
    }

    @Test
    void check_whenTheBodyWasChangedAfterSigning_isInvalidSignature() {
        Map<String, List<String>> headers = sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY, NOW, Map.of());

        assertRejected(() -> check(headers, "{\"sql\":\"select 2\"}", NOW), 403, "InvalidSignatureException",
                CONTENT_HASH_MISMATCH);
    }

    @Test
    void check_whenTheContentSha256HeaderWasChangedAfterSigning_isInvalidSignature() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY, NOW, Map.of()));
        assertThat(headers.get("x-amz-content-sha256"))
                .containsExactly(SigV4.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8)));
        headers.put("x-amz-content-sha256", List.of(SigV4.EMPTY_SHA256));

        assertRejected(() -> check(headers, BODY, NOW), 403, "InvalidSignatureException", CONTENT_HASH_MISMATCH);
    }

    @Test
    void check_signedMoreThanFifteenMinutesAgo_isSignatureExpired() {
        Map<String, List<String>> headers = sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY,
                NOW.minus(Duration.ofMinutes(16)), Map.of());

        assertRejected(() -> check(headers, BODY, NOW), 403, "InvalidSignatureException",
                "Signature expired: 20260314T145326Z is now earlier than 20260314T145426Z"
                        + " (20260314T150926Z - 15 min.)");
    }

    @Test
    void check_signedMoreThanFifteenMinutesAhead_isSignatureNotYetCurrent() {
        Map<String, List<String>> headers = sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY,
                NOW.plus(Duration.ofMinutes(16)), Map.of());

        assertRejected(() -> check(headers, BODY, NOW), 403, "InvalidSignatureException",
                "Signature not yet current: 20260314T152526Z is still later than 20260314T152426Z"
                        + " (20260314T150926Z + 15 min.)");
    }

    @Test
    void check_signedFourteenMinutesAgo_isAccepted() {
        Map<String, List<String>> headers = sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY,
                NOW.minus(Duration.ofMinutes(14)), Map.of());

        assertThatCode(() -> check(headers, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void check_anotherAccessKeyId_isUnrecognizedClientBeforeTheSignatureIsChecked() {
        Map<String, List<String>> headers = SdkSignedRequests.sign(ENDPOINT, BODY, "AKIAIOSFODNN7EXAMPLE",
                "not-the-secret", NOW, Map.of());

        assertRejected(() -> check(headers, BODY, NOW), 403, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    @Test
    void check_whenTheCredentialDayIsNotTheRequestDay_isInvalidSignature() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY, NOW, Map.of()));
        headers.put("Authorization", List.of(headers.get("Authorization").get(0).replace("/20260314/", "/20260313/")));

        assertRejected(() -> check(headers, BODY, NOW), 403, "InvalidSignatureException",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                        + " '20260313' != '20260314', from '20260314T150926Z'.");
    }

    @Test
    void check_aRequestTimeNotInBasicIsoFormat_isIncompleteSignature() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(sign(DataApiSettings.DEFAULT_SECRET_ACCESS_KEY, NOW, Map.of()));
        headers.put("X-Amz-Date", List.of("2026-03-14T15:09:26Z"));

        assertRejected(() -> check(headers, BODY, NOW), 400, "IncompleteSignatureException",
                "Date must be in ISO-8601 'basic format'. Got '2026-03-14T15:09:26Z'. See"
                        + " http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void check_requestDatedOnlyByAnHttpDateHeader_takesItsTimeFromThatHeader() {
        Map<String, List<String>> headers = Map.of(
                "Date", List.of("Sat, 14 Mar 2026 14:53:26 GMT"),
                "Authorization", List.of("AWS4-HMAC-SHA256 Credential=blog-local/20260314/us-east-1/rds-data/"
                        + "aws4_request, SignedHeaders=date;host, Signature=00"));

        assertRejected(() -> check(headers, BODY, NOW), 403, "InvalidSignatureException",
                "Signature expired: 20260314T145326Z is now earlier than 20260314T145426Z"
                        + " (20260314T150926Z - 15 min.)");
    }

    private static Map<String, List<String>> sign(String secret, Instant signedAt, Map<String, String> extra) {
        return SdkSignedRequests.sign(ENDPOINT, BODY, DataApiSettings.DEFAULT_ACCESS_KEY_ID, secret, signedAt, extra);
    }

    private static void check(Map<String, List<String>> headers, String body, Instant now) {
        Map<String, String> byName = new TreeMap<>();
        headers.forEach((name, values) -> byName.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Function<String, String> header = byName::get;
        new SigV4Authorization(DataApiSettings.DEFAULT_ACCESS_KEY_ID, DataApiSettings.DEFAULT_SECRET_ACCESS_KEY,
                DataApiSettings.DEFAULT_REGION, SigV4.MAX_CLOCK_SKEW, Clock.fixed(now, ZoneOffset.UTC))
                .check("POST", URI.create(ENDPOINT.getRawPath()), header, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRejected(Runnable call, int status, String errorType, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DataApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.errorType()).isEqualTo(errorType);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
