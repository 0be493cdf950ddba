package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class LocalS3IT {

    private static final String BUCKET = "blog-images";

    @TempDir
    Path directory;

    @Test
    void putObject_thenGetAndPresignedGet_returnTheBytesAndContentType() throws Exception {
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret");
                S3Presigner presigner = presigner(s3.endpoint())) {
            client.putObject(put -> put.bucket(BUCKET).key("images/a.png").contentType("image/png"),
                    RequestBody.fromString("png bytes"));

            assertThat(client.getObjectAsBytes(get -> get.bucket(BUCKET).key("images/a.png")).asUtf8String())
                    .isEqualTo("png bytes");

            URI url = presigner.presignGetObject(presign -> presign.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get -> get.bucket(BUCKET).key("images/a.png"))).url().toURI();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("png bytes");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        }
    }

    @Test
    void presignedGet_whenSignatureIsTamperedWith_isForbidden() throws Exception {
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret");
                S3Presigner presigner = presigner(s3.endpoint())) {
            client.putObject(put -> put.bucket(BUCKET).key("images/b.png"), RequestBody.fromString("x"));
            String url = presigner.presignGetObject(presign -> presign.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get -> get.bucket(BUCKET).key("images/b.png"))).url().toString();
            String forged = url.replace("images/b.png", "images/c.png");

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(forged)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void request_withWrongSecret_isRejected() throws Exception {
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "not-the-secret")) {
            assertThatThrownBy(() -> client.listObjectsV2(list -> list.bucket(BUCKET)))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void objects_surviveARestartOnTheSameDirectory() throws Exception {
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret")) {
            client.putObject(put -> put.bucket(BUCKET).key("images/kept.gif"), RequestBody.fromString("gif"));
        }
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret")) {
            assertThat(client.getObjectAsBytes(get -> get.bucket(BUCKET).key("images/kept.gif")).asUtf8String())
                    .isEqualTo("gif");
        }
    }

    @Test
    void putObject_whenTheCrc32DoesNotMatchTheBody_isBadDigestAndStoresNothing() throws Exception {
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret")) {
            String crc32OfOtherBytes = FlexibleChecksums.compute("x-amz-checksum-crc32",
                    "other".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> client.putObject(put -> put.bucket(BUCKET).key("images/bad.png")
                    .checksumCRC32(crc32OfOtherBytes), RequestBody.fromString("png bytes")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(400))
                    .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
            assertThat(client.listObjectsV2(list -> list.bucket(BUCKET)).contents()).isEmpty();
        }
    }

    @Test
    void putObject_whenTheSha256ChecksumDoesNotMatchTheBody_isBadDigest() throws Exception {
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret")) {
            String sha256OfOtherBytes = FlexibleChecksums.compute("x-amz-checksum-sha256",
                    "other".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> client.putObject(put -> put.bucket(BUCKET).key("images/bad.gif")
                    .checksumSHA256(sha256OfOtherBytes), RequestBody.fromString("gif bytes")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
            assertThatThrownBy(() -> client.headObject(head -> head.bucket(BUCKET).key("images/bad.gif")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        }
    }

    @Test
    void putObject_withAMatchingChecksumOfEachAlgorithm_isStoredAndTheChecksumEchoed() throws Exception {
        byte[] body = "checked bytes".getBytes(StandardCharsets.UTF_8);
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret")) {
            String crc32c = FlexibleChecksums.compute("x-amz-checksum-crc32c", body);
            String sha1 = FlexibleChecksums.compute("x-amz-checksum-sha1", body);
            String crc64 = FlexibleChecksums.compute("x-amz-checksum-crc64nvme", body);

            String echoed = client.putObject(put -> put.bucket(BUCKET).key("images/c.bin").checksumCRC32C(crc32c),
                    RequestBody.fromBytes(body)).checksumCRC32C();
            client.putObject(put -> put.bucket(BUCKET).key("images/s.bin").checksumSHA1(sha1),
                    RequestBody.fromBytes(body));
            client.putObject(put -> put.bucket(BUCKET).key("images/n.bin").checksumCRC64NVME(crc64),
                    RequestBody.fromBytes(body));

            assertThat(echoed).isEqualTo(crc32c);
            assertThat(client.listObjectsV2(list -> list.bucket(BUCKET)).contents()).hasSize(3);
        }
    }

    @Test
    void listObjectsV2_afterTheLastObjectUnderAPrefixIsDeleted_isEmpty() throws Exception {
        try (LocalS3 s3 = LocalS3.start(directory, 0, "blog-local", "blog-local-secret", BUCKET);
                S3Client client = client(s3.endpoint(), "blog-local-secret")) {
            client.putObject(put -> put.bucket(BUCKET).key("images/a/b/c.png"), RequestBody.fromString("x"));
            assertThat(client.listObjectsV2(list -> list.bucket(BUCKET)).contents())
                    .extracting(object -> object.key()).containsExactly("images/a/b/c.png");

            client.deleteObject(delete -> delete.bucket(BUCKET).key("images/a/b/c.png"));

            assertThat(client.listObjectsV2(list -> list.bucket(BUCKET)).contents()).isEmpty();
        }
    }

    private static S3Client client(URI endpoint, String secret) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("blog-local", secret)))
                .build();
    }

    private static S3Presigner presigner(URI endpoint) {
        return S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("blog-local", "blog-local-secret")))
                .build();
    }
}
