package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The synchronous SDK client as a user builds it: endpoint, region, credentials and path-style addressing (a local
 * endpoint has no wildcard DNS for bucket host names), and nothing else. Above all no checksum settings: the SDK's
 * default flexible checksums (CRC32 as a header, or as a trailer of an aws-chunked body) must be accepted.
 */
class DefaultS3ClientIT {

    private static final String BUCKET = "blog-images";
    private static final String ACCESS_KEY_ID = "blog-local";
    private static final String SECRET = "blog-local-secret";

    @TempDir
    static Path directory;

    private static LocalS3 s3;
    private static S3Client client;
    private static S3Presigner presigner;

    @BeforeAll
    static void start() throws Exception {
        s3 = LocalS3.start(directory, 0, ACCESS_KEY_ID, SECRET, BUCKET);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET));
        client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials).build();
        presigner = S3Presigner.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    @AfterAll
    static void stop() {
        if (presigner != null) {
            presigner.close();
        }
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void putObject_fromBytes_isReadBackWithItsContentTypeByteForByte() {
        client.putObject(put -> put.bucket(BUCKET).key("put/bytes.txt").contentType("text/plain; charset=utf-8"),
                RequestBody.fromString("hello, bytes", StandardCharsets.UTF_8));

        ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(get -> get.bucket(BUCKET)
                .key("put/bytes.txt"));

        assertThat(object.asUtf8String()).isEqualTo("hello, bytes");
        assertThat(object.response().contentType()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void putObject_fromAStreamOfUnknownLength_isStoredWhole() {
        byte[] data = bytes(300_000, 1);

        client.putObject(put -> put.bucket(BUCKET).key("put/streamed.bin").contentType("application/octet-stream"),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), "application/octet-stream"));

        assertThat(client.getObjectAsBytes(get -> get.bucket(BUCKET).key("put/streamed.bin")).asByteArray())
                .isEqualTo(data);
    }

    @Test
    void putObject_fromAStreamOfKnownLength_isStoredWhole() {
        byte[] data = bytes(70_000, 2);

        client.putObject(put -> put.bucket(BUCKET).key("put/known.bin"),
                RequestBody.fromInputStream(new ByteArrayInputStream(data), data.length));

        assertThat(client.getObjectAsBytes(get -> get.bucket(BUCKET).key("put/known.bin")).asByteArray())
                .isEqualTo(data);
    }

    @Test
    void getObject_withRange_returnsThatSlice() {
        client.putObject(put -> put.bucket(BUCKET).key("range/digits.txt"), RequestBody.fromString("0123456789"));

        ResponseBytes<GetObjectResponse> slice = client.getObjectAsBytes(get -> get.bucket(BUCKET)
                .key("range/digits.txt").range("bytes=2-5"));

        assertThat(slice.asUtf8String()).isEqualTo("2345");
        assertThat(slice.response().contentRange()).isEqualTo("bytes 2-5/10");
    }

    @Test
    void headObject_returnsLengthTypeAndUserMetadata() {
        client.putObject(put -> put.bucket(BUCKET).key("head/a.png").contentType("image/png")
                .metadata(java.util.Map.of("origin", "test")), RequestBody.fromBytes(new byte[] {1, 2, 3}));

        HeadObjectResponse head = client.headObject(h -> h.bucket(BUCKET).key("head/a.png"));

        assertThat(head.contentLength()).isEqualTo(3);
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.metadata()).containsExactly(java.util.Map.entry("origin", "test"));
    }

    @Test
    void headObject_whenAbsent_is404() {
        assertThatThrownBy(() -> client.headObject(h -> h.bucket(BUCKET).key("head/absent.png")))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
                .satisfies(e -> assertThat(((software.amazon.awssdk.services.s3.model.S3Exception) e).statusCode())
                        .isEqualTo(404));
    }

    @Test
    void listObjectsV2_withPrefixAndDelimiter_listsOnlyWhatWasPut() {
        for (String key : List.of("list/a.txt", "list/b.txt", "list/sub/c.txt", "list/sub/deeper/d.txt")) {
            client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString(key));
        }

        ListObjectsV2Response shallow = client.listObjectsV2(list -> list.bucket(BUCKET).prefix("list/")
                .delimiter("/"));
        ListObjectsV2Response deep = client.listObjectsV2(list -> list.bucket(BUCKET).prefix("list/"));

        assertThat(shallow.contents()).extracting(S3Object::key).containsExactly("list/a.txt", "list/b.txt");
        assertThat(shallow.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("list/sub/");
        assertThat(deep.contents()).extracting(S3Object::key)
                .containsExactly("list/a.txt", "list/b.txt", "list/sub/c.txt", "list/sub/deeper/d.txt");
        assertThat(deep.keyCount()).isEqualTo(4);
    }

    @Test
    void listObjectsV2_ofTheWholeBucket_showsNoDirectoryKeys() {
        client.putObject(put -> put.bucket(BUCKET).key("images/only.png"), RequestBody.fromString("png"));

        ListObjectsV2Response all = client.listObjectsV2(list -> list.bucket(BUCKET));

        assertThat(all.contents()).extracting(S3Object::key).contains("images/only.png")
                .noneMatch(key -> key.endsWith("/"));
    }

    @Test
    void copyObject_copiesBytesAndContentType() {
        client.putObject(put -> put.bucket(BUCKET).key("copy/source.txt").contentType("text/plain; charset=utf-8"),
                RequestBody.fromString("copied"));

        client.copyObject(copy -> copy.sourceBucket(BUCKET).sourceKey("copy/source.txt")
                .destinationBucket(BUCKET).destinationKey("copy/target.txt"));

        ResponseBytes<GetObjectResponse> target = client.getObjectAsBytes(get -> get.bucket(BUCKET)
                .key("copy/target.txt"));
        assertThat(target.asUtf8String()).isEqualTo("copied");
        assertThat(target.response().contentType()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void deleteObject_removesIt() {
        client.putObject(put -> put.bucket(BUCKET).key("delete/one.txt"), RequestBody.fromString("x"));

        client.deleteObject(delete -> delete.bucket(BUCKET).key("delete/one.txt"));

        assertThatThrownBy(() -> client.getObjectAsBytes(get -> get.bucket(BUCKET).key("delete/one.txt")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void deleteObjects_removesEveryNamedKey() {
        for (String key : List.of("bulk/1.txt", "bulk/2.txt", "bulk/3.txt")) {
            client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString(key));
        }

        DeleteObjectsResponse response = client.deleteObjects(delete -> delete.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("bulk/1.txt").build(),
                ObjectIdentifier.builder().key("bulk/2.txt").build())));

        assertThat(response.deleted()).extracting(d -> d.key()).containsExactlyInAnyOrder("bulk/1.txt", "bulk/2.txt");
        assertThat(response.errors()).isEmpty();
        assertThat(client.listObjectsV2(list -> list.bucket(BUCKET).prefix("bulk/")).contents())
                .extracting(S3Object::key).containsExactly("bulk/3.txt");
    }

    @Test
    void multipartUpload_joinsThePartsInOrder() {
        byte[] first = bytes(5 * 1024 * 1024, 3);
        byte[] second = bytes(1234, 4);
        String uploadId = client.createMultipartUpload(create -> create.bucket(BUCKET).key("multi/big.bin")
                .contentType("application/x-test")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int number = 1;
        for (byte[] part : List.of(first, second)) {
            int partNumber = number++;
            String etag = client.uploadPart(upload -> upload.bucket(BUCKET).key("multi/big.bin").uploadId(uploadId)
                    .partNumber(partNumber), RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }

        client.completeMultipartUpload(complete -> complete.bucket(BUCKET).key("multi/big.bin").uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));

        ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(get -> get.bucket(BUCKET)
                .key("multi/big.bin"));
        byte[] expected = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(object.asByteArray()).isEqualTo(expected);
        assertThat(object.response().contentType()).isEqualTo("application/x-test");
    }

    @Test
    void presignedGetAndPut_workFromAPlainHttpClient() throws Exception {
        URI putUrl = presigner.presignPutObject(presign -> presign.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(put -> put.bucket(BUCKET).key("presigned/p.txt")
                        .contentType("text/plain; charset=utf-8"))).url().toURI();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(putUrl)
                .header("Content-Type", "text/plain; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString("presigned body")).build(),
                HttpResponse.BodyHandlers.ofString());
        URI getUrl = presigner.presignGetObject(presign -> presign.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(get -> get.bucket(BUCKET).key("presigned/p.txt"))).url().toURI();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(getUrl).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("presigned body");
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    private static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
