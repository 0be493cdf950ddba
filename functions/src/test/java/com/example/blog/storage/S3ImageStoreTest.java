package com.example.blog.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.example.blog.config.BlogConfig;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigning is local computation (no request is sent), so a presigner with fixed credentials is real enough. */
class S3ImageStoreTest {

    private static final S3Presigner PRESIGNER = S3Presigner.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .build();

    private final S3ImageStore store = new S3ImageStore(() -> {
        throw new AssertionError("presigning needs no S3 client");
    }, () -> PRESIGNER, BlogConfig.fromMap(Map.of("BLOG_BUCKET", "blog-images")));

    @Test
    void urlFor_pinsTheResponseContentTypeOfTheKeysFormatAndAnInlineDisposition() {
        URI url = URI.create(store.urlFor("images/0b5cbe52-9e6c-4a0e-9d4c-1f2a3b4c5d6e.png"));

        assertThat(url.getQuery())
                .contains("response-content-type=image/png")
                .contains("response-content-disposition=inline")
                .contains("X-Amz-Signature=");
        assertThat(URI.create(store.urlFor("images/x.webp")).getQuery()).contains("response-content-type=image/webp");
    }

    @Test
    void urlFor_whenTheKeyHasNoKnownExtension_presignsWithoutOverrides() {
        assertThat(URI.create(store.urlFor("images/legacy")).getQuery()).doesNotContain("response-content-type");
    }
}
