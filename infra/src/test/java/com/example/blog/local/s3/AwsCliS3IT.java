package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.example.blog.local.Programs;

/**
 * The AWS CLI (botocore, with its default flexible checksums) against the local S3, with the calls the README shows
 * ({@code aws s3 ls}, {@code aws s3 cp}) and the {@code s3api} operations behind them.
 */
class AwsCliS3IT {

    private static final String BUCKET = "blog-images";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    private static LocalS3 s3;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Programs.onPath("aws"),
                "the AWS CLI (aws) is not on PATH; install it to run the CLI compatibility tests");
        s3 = LocalS3.start(temp.resolve("store"), 0, "blog-local", "blog-local-secret", BUCKET);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void s3apiPutGetHead_keepBytesAndContentType() throws Exception {
        Path file = Files.writeString(temp.resolve("put.txt"), "from the cli");

        Result put = aws("s3api", "put-object", "--bucket", BUCKET, "--key", "cli/put.txt", "--body", file.toString(),
                "--content-type", "text/plain; charset=utf-8");
        Path out = temp.resolve("got.txt");
        Result get = aws("s3api", "get-object", "--bucket", BUCKET, "--key", "cli/put.txt", out.toString());
        Result head = aws("s3api", "head-object", "--bucket", BUCKET, "--key", "cli/put.txt");

        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(Files.readString(out)).isEqualTo("from the cli");
        assertThat(JSON.readTree(get.stdout()).get("ContentType").asText()).isEqualTo("text/plain; charset=utf-8");
        assertThat(head.exitCode()).as(head.stderr()).isZero();
        assertThat(JSON.readTree(head.stdout()).get("ContentLength").asLong()).isEqualTo(12);
    }

    @Test
    void s3apiListObjectsV2_withPrefixAndDelimiter_listsKeysAndCommonPrefixes() throws Exception {
        Path file = Files.writeString(temp.resolve("list.txt"), "x");
        for (String key : List.of("tree/a.txt", "tree/sub/b.txt")) {
            assertThat(aws("s3api", "put-object", "--bucket", BUCKET, "--key", key, "--body", file.toString())
                    .exitCode()).isZero();
        }

        Result list = aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "tree/", "--delimiter", "/");

        assertThat(list.exitCode()).as(list.stderr()).isZero();
        JsonNode response = JSON.readTree(list.stdout());
        assertThat(response.at("/Contents/0/Key").asText()).isEqualTo("tree/a.txt");
        assertThat(response.get("Contents")).hasSize(1);
        assertThat(response.at("/CommonPrefixes/0/Prefix").asText()).isEqualTo("tree/sub/");
    }

    @Test
    void s3apiCopyAndDeleteObjects_work() throws Exception {
        Path file = Files.writeString(temp.resolve("copy.txt"), "copy me");
        assertThat(aws("s3api", "put-object", "--bucket", BUCKET, "--key", "dup/a.txt", "--body", file.toString())
                .exitCode()).isZero();

        Result copy = aws("s3api", "copy-object", "--bucket", BUCKET, "--key", "dup/b.txt", "--copy-source",
                BUCKET + "/dup/a.txt");
        Result delete = aws("s3api", "delete-objects", "--bucket", BUCKET, "--delete",
                "{\"Objects\":[{\"Key\":\"dup/a.txt\"},{\"Key\":\"dup/b.txt\"}]}");
        Result list = aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "dup/");

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(delete.exitCode()).as(delete.stderr()).isZero();
        assertThat(JSON.readTree(delete.stdout()).get("Deleted")).hasSize(2);
        assertThat(list.stdout().isBlank() || !JSON.readTree(list.stdout()).has("Contents")).isTrue();
    }

    @Test
    void s3CpAndLs_asTheReadmeShows_uploadListAndDownload() throws Exception {
        Path file = Files.write(temp.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});

        Result upload = aws("s3", "cp", file.toString(), "s3://" + BUCKET + "/images/readme.png");
        Result ls = aws("s3", "ls", "s3://" + BUCKET + "/images/");
        Path back = temp.resolve("back.png");
        Result download = aws("s3", "cp", "s3://" + BUCKET + "/images/readme.png", back.toString());

        assertThat(upload.exitCode()).as(upload.stderr()).isZero();
        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        assertThat(ls.stdout()).contains("readme.png");
        assertThat(download.exitCode()).as(download.stderr()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void s3Cp_ofAFileLargerThanTheMultipartThreshold_usesMultipartUpload() throws Exception {
        byte[] data = new byte[9 * 1024 * 1024];
        new java.util.Random(7).nextBytes(data);
        Path file = Files.write(temp.resolve("big.bin"), data);

        Result upload = aws("s3", "cp", file.toString(), "s3://" + BUCKET + "/big/big.bin");
        Path back = temp.resolve("big-back.bin");
        Result download = aws("s3", "cp", "s3://" + BUCKET + "/big/big.bin", back.toString());

        assertThat(upload.exitCode()).as(upload.stderr()).isZero();
        assertThat(download.exitCode()).as(download.stderr()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result aws(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", s3.endpoint().toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path empty = Files.createTempFile(temp, "aws-config", "");
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "blog-local");
        env.put("AWS_SECRET_ACCESS_KEY", "blog-local-secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.remove("AWS_REQUEST_CHECKSUM_CALCULATION");
        env.remove("AWS_RESPONSE_CHECKSUM_VALIDATION");
        // Keep whatever profile the machine has out of the test.
        env.put("AWS_CONFIG_FILE", empty.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", empty.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Path stdout = Files.createTempFile(temp, "aws-out", ".json");
        Path stderr = Files.createTempFile(temp, "aws-err", ".txt");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws did not finish within 120 s");
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
