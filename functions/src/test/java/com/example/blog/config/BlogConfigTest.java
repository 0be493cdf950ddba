package com.example.blog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BlogConfigTest {

    @Test
    void fromMap_whenOnlyRequiredValuesAreSet_usesTheDocumentedDefaults() {
        BlogConfig config = BlogConfig.fromMap(Map.of("BLOG_CLUSTER_ARN", "c", "BLOG_SECRET_ARN", "s",
                "BLOG_BUCKET", "b", "BLOG_IMAGE_PUBLIC_BASE_URL", "")).requireComplete();

        assertThat(config.database()).isEqualTo("blog");
        assertThat(config.imageMaxBytes()).isEqualTo(4_194_304L);
        assertThat(config.imageUrlTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.imagePublicBaseUrl()).isEmpty();
        assertThat(config.s3ForcePathStyle()).isFalse();
        assertThat(config.uploadMaxBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(config.uploadTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void fromMap_readsEveryVariable() {
        BlogConfig config = BlogConfig.fromMap(Map.of("BLOG_DATABASE", "other", "BLOG_IMAGE_MAX_BYTES", "10",
                "BLOG_IMAGE_URL_TTL_SECONDS", "60", "BLOG_IMAGE_PUBLIC_BASE_URL", "https://cdn.example.com",
                "BLOG_S3_FORCE_PATH_STYLE", "TRUE", "BLOG_UPLOAD_MAX_BYTES", "2048", "BLOG_UPLOAD_TTL_SECONDS", "90"));

        assertThat(config.database()).isEqualTo("other");
        assertThat(config.imageMaxBytes()).isEqualTo(10);
        assertThat(config.imageUrlTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.imagePublicBaseUrl()).isEqualTo(Optional.of("https://cdn.example.com/"));
        assertThat(config.s3ForcePathStyle()).isTrue();
        assertThat(config.uploadMaxBytes()).isEqualTo(2048);
        assertThat(config.uploadTtl()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void requireComplete_whenBucketIsMissing_namesTheVariable() {
        assertThatThrownBy(() -> BlogConfig.fromMap(Map.of("BLOG_CLUSTER_ARN", "c", "BLOG_SECRET_ARN", "s"))
                .requireComplete()).hasMessageContaining("BLOG_BUCKET");
    }

    @Test
    void fromMap_whenValuesAreMalformed_failsAtStartUp() {
        assertThatThrownBy(() -> BlogConfig.fromMap(Map.of("BLOG_IMAGE_MAX_BYTES", "4MB")))
                .hasMessageContaining("BLOG_IMAGE_MAX_BYTES");
        assertThatThrownBy(() -> BlogConfig.fromMap(Map.of("BLOG_S3_FORCE_PATH_STYLE", "yes")))
                .hasMessageContaining("BLOG_S3_FORCE_PATH_STYLE");
        assertThatThrownBy(() -> BlogConfig.fromMap(Map.of("BLOG_IMAGE_URL_TTL_SECONDS", "604801")))
                .hasMessageContaining("BLOG_IMAGE_URL_TTL_SECONDS");
        assertThatThrownBy(() -> BlogConfig.fromMap(Map.of("BLOG_UPLOAD_TTL_SECONDS", "3601")))
                .hasMessageContaining("BLOG_UPLOAD_TTL_SECONDS");
        assertThatThrownBy(() -> BlogConfig.fromMap(Map.of("BLOG_UPLOAD_MAX_BYTES", "0")))
                .hasMessageContaining("BLOG_UPLOAD_MAX_BYTES");
    }
}
