package com.example.blog.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class S3PostPolicyTest {

    private static final S3PostPolicy.Upload UPLOAD = new S3PostPolicy.Upload("https://bucket.example.test/",
            "blog-images", "uploads/owner/0c6f4b6e-0000-4000-8000-000000000001.png", "image/png", 20971520);
    private static final Instant NOW = Instant.parse("2026-12-02T10:15:30.250Z");

    /** The signing-key derivation example of the AWS Signature Version 4 documentation (IAM, 2012-02-15). */
    @Test
    void signingKey_matchesTheDocumentedExample() {
        byte[] key = S3PostPolicy.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1",
                "iam");

        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void sign_coversEveryFormFieldWithAConditionAndBoundsTheSize() {
        UploadForm form = S3PostPolicy.sign(UPLOAD, AwsBasicCredentials.create("AKIDEXAMPLE", "secret"),
                "eu-west-1", NOW, Duration.ofMinutes(10));

        String policy = new String(Base64.getDecoder().decode(form.fields().get("policy")), StandardCharsets.UTF_8);
        assertThat(policy).startsWith("{\"expiration\":\"2026-12-02T10:25:30Z\",")
                .contains("{\"bucket\":\"blog-images\"}")
                .contains("[\"content-length-range\",1,20971520]")
                .contains("{\"key\":\"" + UPLOAD.key() + "\"}")
                .contains("{\"Content-Type\":\"image/png\"}")
                .contains("{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"}")
                .contains("{\"x-amz-credential\":\"AKIDEXAMPLE/20261202/eu-west-1/s3/aws4_request\"}")
                .contains("{\"x-amz-date\":\"20261202T101530Z\"}")
                .doesNotContain("x-amz-security-token");
        for (String field : form.fields().keySet()) {
            if (!field.equals("policy") && !field.equals("x-amz-signature")) {
                assertThat(policy).as(field).contains("{\"" + field + "\":");
            }
        }
        assertThat(form.fields().keySet()).containsExactly("key", "Content-Type", "x-amz-algorithm",
                "x-amz-credential", "x-amz-date", "policy", "x-amz-signature");
        assertThat(form.expiresAt()).isEqualTo(Instant.parse("2026-12-02T10:25:30Z"));
        assertThat(form.url()).isEqualTo(UPLOAD.url());
    }

    @Test
    void sign_withSessionCredentials_carriesTheTokenAsAFieldAndACondition() {
        UploadForm form = S3PostPolicy.sign(UPLOAD, AwsSessionCredentials.create("ASIAEXAMPLE", "secret",
                "token/with+chars=\"quoted\""), "eu-west-1", NOW, Duration.ofMinutes(10));

        String policy = new String(Base64.getDecoder().decode(form.fields().get("policy")), StandardCharsets.UTF_8);
        assertThat(form.fields()).containsEntry("x-amz-security-token", "token/with+chars=\"quoted\"");
        assertThat(policy).contains("{\"x-amz-security-token\":\"token/with+chars=\\\"quoted\\\"\"}");
    }

    @Test
    void sign_signatureIsTheHmacOfTheEncodedPolicyUnderTheDaysKey() throws Exception {
        UploadForm form = S3PostPolicy.sign(UPLOAD, AwsBasicCredentials.create("AKIDEXAMPLE", "secret"),
                "eu-west-1", NOW, Duration.ofMinutes(10));

        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                S3PostPolicy.signingKey("secret", "20261202", "eu-west-1", "s3"), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(
                mac.doFinal(form.fields().get("policy").getBytes(StandardCharsets.US_ASCII)));
        assertThat(form.fields().get("x-amz-signature")).isEqualTo(expected);
    }
}
