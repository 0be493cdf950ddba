package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PostPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void check_withEqArrayCondition_comparesTheFieldExactly() {
        PostPolicy policy = policy("[\"eq\", \"$key\", \"photos/a.png\"]");

        assertThatCode(() -> policy.check(Map.of("key", "photos/a.png"), "b", 1, NOW)).doesNotThrowAnyException();
        assertRefused(() -> policy.check(Map.of("key", "photos/a.png "), "b", 1, NOW), 403,
                "Invalid according to Policy: Policy Condition failed: [\"eq\", \"$key\", \"photos/a.png\"]");
    }

    @Test
    void check_withConditionNamedInAnotherCase_matchesTheField() {
        PostPolicy policy = policy("{\"X-Amz-Meta-Tag\": \"blue\"}");

        assertThatCode(() -> policy.check(Map.of("x-amz-meta-tag", "blue"), "b", 1, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void check_withContentTypeList_requiresEveryTypeToStartWithThePrefix() {
        PostPolicy policy = policy("[\"starts-with\", \"$Content-Type\", \"image/\"]");

        assertThatCode(() -> policy.check(Map.of("content-type", "image/png, image/jpeg"), "b", 1, NOW))
                .doesNotThrowAnyException();
        assertRefused(() -> policy.check(Map.of("content-type", "image/png, text/html"), "b", 1, NOW), 403,
                "Policy Condition failed: [\"starts-with\", \"$Content-Type\", \"image/\"]");
    }

    @Test
    void check_withConditionOnAMissingField_fails() {
        PostPolicy policy = policy("[\"starts-with\", \"$x-amz-meta-tag\", \"\"]");

        assertRefused(() -> policy.check(Map.of(), "b", 1, NOW), 403, "Policy Condition failed");
    }

    @Test
    void check_withBucketCondition_comparesTheBucketOfThePath() {
        PostPolicy policy = policy("{\"bucket\": \"blog-images\"}");

        assertThatCode(() -> policy.check(Map.of(), "blog-images", 1, NOW)).doesNotThrowAnyException();
        assertRefused(() -> policy.check(Map.of(), "other", 1, NOW), 403,
                "Policy Condition failed: [\"eq\", \"$bucket\", \"blog-images\"]");
    }

    @Test
    void check_withLengthRangeAsStrings_boundsTheFileInclusively() {
        PostPolicy policy = policy("[\"content-length-range\", \"2\", \"4\"]");

        assertThatCode(() -> policy.check(Map.of(), "b", 2, NOW)).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(Map.of(), "b", 4, NOW)).doesNotThrowAnyException();
        assertRefused(() -> policy.check(Map.of(), "b", 5, NOW), 400, "exceeds the maximum allowed size");
        assertRefused(() -> policy.check(Map.of(), "b", 1, NOW), 400, "smaller than the minimum allowed size");
    }

    @Test
    void check_withFieldsNoConditionNames_listsThemButNotTheExemptOnes() {
        PostPolicy policy = policy("{\"key\": \"k\"}");
        Map<String, String> fields = Map.of("key", "k", "policy", "p", "x-amz-signature", "s",
                "x-ignore-button", "Send", "acl", "private");

        assertRefused(() -> policy.check(fields, "b", 1, NOW), 403,
                "Invalid according to Policy: Extra input fields: acl");
    }

    @Test
    void check_afterExpiration_isPolicyExpired() {
        PostPolicy policy = policy("{\"key\": \"k\"}");

        assertRefused(() -> policy.check(Map.of("key", "k"), "b", 1, Instant.parse("2026-03-01T13:00:01Z")), 403,
                "Invalid according to Policy: Policy expired.");
    }

    @Test
    void parse_whenNotJson_isInvalidPolicyDocument() {
        String notJson = Base64.getEncoder().encodeToString("{expiration".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PostPolicy.parse(notJson)).isInstanceOfSatisfying(S3Error.class, error -> {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.code()).isEqualTo("InvalidPolicyDocument");
        });
    }

    @Test
    void parse_withoutExpiration_isInvalidPolicyDocument() {
        String document = Base64.getEncoder().encodeToString("{\"conditions\": []}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PostPolicy.parse(document)).hasMessage("Invalid Policy: Policy missing expiration.");
    }

    @Test
    void parse_withUnknownOperator_isInvalidPolicyDocument() {
        assertThatThrownBy(() -> policy("[\"ends-with\", \"$key\", \".png\"]"))
                .isInstanceOfSatisfying(S3Error.class, error -> assertThat(error.code())
                        .isEqualTo("InvalidPolicyDocument"));
    }

    private static PostPolicy policy(String condition) {
        String document = "{\"expiration\": \"2026-03-01T13:00:00.000Z\", \"conditions\": [" + condition + "]}";
        return PostPolicy.parse(Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertRefused(ThrowingCallable check, int status, String message) {
        assertThatThrownBy(check).isInstanceOfSatisfying(S3Error.class, error -> {
            assertThat(error.status()).isEqualTo(status);
            assertThat(error.getMessage()).contains(message);
        });
    }
}
