package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.example.blog.local.sigv4.SigV4;

/** The worked examples of AWS's S3 SigV4 documentation, signed with its example key. */
class SigV4VerifierTest {

    private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");

    private static final Map<String, String> GET_HEADERS = Map.of(
            "host", "examplebucket.s3.amazonaws.com",
            "range", "bytes=0-9",
            "x-amz-content-sha256", SigV4.EMPTY_SHA256,
            "x-amz-date", "20130524T000000Z",
            "authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                    + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                    + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

    private static final String PRESIGNED_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    @Test
    void verify_theDocumentedGetObjectWithARange_isAccepted() {
        SigV4Verifier.Signed signed = verifier(SIGNED_AT).verify("GET", "/test.txt", null, GET_HEADERS::get);

        assertThat(signed.presigned()).isFalse();
        assertThat(signed.scope()).isEqualTo("20130524/us-east-1/s3/aws4_request");
    }

    @Test
    void verify_whenASignedHeaderWasChanged_isSignatureDoesNotMatch() {
        Function<String, String> headers = name -> name.equals("range") ? "bytes=0-10" : GET_HEADERS.get(name);

        assertThatThrownBy(() -> verifier(SIGNED_AT).verify("GET", "/test.txt", null, headers))
                .isInstanceOfSatisfying(S3Error.class, e -> {
                    assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
                    assertThat(e.status()).isEqualTo(403);
                });
    }

    @Test
    void verify_whenTheClockIsFarFromTheSignature_isRequestTimeTooSkewed() {
        assertThatThrownBy(() -> verifier(SIGNED_AT.plus(Duration.ofMinutes(16)))
                .verify("GET", "/test.txt", null, GET_HEADERS::get))
                .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("RequestTimeTooSkewed"));
    }

    @Test
    void verify_theDocumentedPresignedUrl_isAcceptedUntilItExpires() {
        Function<String, String> headers = name -> name.equals("host") ? "examplebucket.s3.amazonaws.com" : null;

        assertThat(verifier(SIGNED_AT.plusSeconds(3600)).verify("GET", "/test.txt", PRESIGNED_QUERY, headers)
                .presigned()).isTrue();
        assertThatThrownBy(() -> verifier(SIGNED_AT.plusSeconds(86_401))
                .verify("GET", "/test.txt", PRESIGNED_QUERY, headers))
                .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.getMessage()).isEqualTo("Request has expired"));
    }

    @Test
    void verify_anotherAccessKey_isInvalidAccessKeyId() {
        SigV4Verifier other = new SigV4Verifier("someone-else", SECRET, Duration.ofMinutes(15),
                Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

        assertThatThrownBy(() -> other.verify("GET", "/test.txt", null, GET_HEADERS::get))
                .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("InvalidAccessKeyId"));
    }

    @Test
    void verify_noCredentialsAtAll_isAccessDenied() {
        assertThatThrownBy(() -> verifier(SIGNED_AT).verify("GET", "/test.txt", null, name -> null))
                .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("AccessDenied"));
    }

    @Test
    void encode_keepsUnreservedCharactersAndEncodesTheRestOnce() {
        assertThat(SigV4.encode(SigV4.decode("/a b/c%2Bd+e~f"), false)).isEqualTo("/a%20b/c%2Bd%2Be~f");
        assertThat(SigV4.encode("a/b", true)).isEqualTo("a%2Fb");
    }

    private static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(ACCESS_KEY_ID, SECRET, Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
    }
}
