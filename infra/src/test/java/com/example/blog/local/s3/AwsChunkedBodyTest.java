package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.example.blog.local.sigv4.SigV4;

class AwsChunkedBodyTest {

    /** The signed streaming upload of AWS's SigV4 documentation: 66560 bytes of 'a' in chunks of 64 KiB and 1 KiB. */
    private static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
    private static final SigV4Verifier.Signed DOCUMENTED = new SigV4Verifier.Signed("20130524T000000Z", SCOPE,
            SigV4.signingKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SCOPE),
            "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", false);

    @Test
    void decode_theDocumentedSignedUpload_verifiesEveryChunkAndReturnsThePayload() {
        byte[] body = documentedBody('a');

        AwsChunkedBody decoded = AwsChunkedBody.decode(body, DOCUMENTED, true);

        byte[] expected = new byte[66560];
        Arrays.fill(expected, (byte) 'a');
        assertThat(decoded.data()).isEqualTo(expected);
        assertThat(decoded.trailers()).isEmpty();
    }

    @Test
    void decode_whenAChunkWasAltered_isSignatureDoesNotMatch() {
        byte[] body = documentedBody('a');
        body[100] = 'b';

        assertThatThrownBy(() -> AwsChunkedBody.decode(body, DOCUMENTED, true))
                .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void decode_unsignedChunksWithATrailer_returnsPayloadAndTrailer() {
        byte[] body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        AwsChunkedBody decoded = AwsChunkedBody.decode(body, DOCUMENTED, false);

        assertThat(new String(decoded.data(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(decoded.trailers()).containsEntry("x-amz-checksum-crc32", "NhCmhg==");
        assertThat(FlexibleChecksums.compute("x-amz-checksum-crc32", decoded.data())).isEqualTo("NhCmhg==");
    }

    @Test
    void decode_signedChunksWithATamperedTrailer_isSignatureDoesNotMatch() {
        String seed = DOCUMENTED.seedSignature();
        String chunk = SigV4Verifier.chunkSignature(DOCUMENTED, seed, "hello".getBytes(StandardCharsets.US_ASCII));
        String last = SigV4Verifier.chunkSignature(DOCUMENTED, chunk, new byte[0]);
        String trailer = SigV4Verifier.trailerSignature(DOCUMENTED, last, "x-amz-checksum-crc32:NhCmhg==\n");
        String valid = "5;chunk-signature=" + chunk + "\r\nhello\r\n0;chunk-signature=" + last + "\r\n"
                + "x-amz-checksum-crc32:NhCmhg==\r\nx-amz-trailer-signature:" + trailer + "\r\n\r\n";

        assertThat(AwsChunkedBody.decode(valid.getBytes(StandardCharsets.US_ASCII), DOCUMENTED, true).trailers())
                .containsEntry("x-amz-checksum-crc32", "NhCmhg==");
        byte[] tampered = valid.replace("crc32:NhCmhg==", "crc32:AAAAAA==").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> AwsChunkedBody.decode(tampered, DOCUMENTED, true))
                .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void decode_whenTheBodyStopsShort_isIncompleteBody() {
        byte[] body = "10\r\nhello".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> AwsChunkedBody.decode(body, DOCUMENTED, false))
                .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
    }

    private static byte[] documentedBody(char fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = new byte[65536];
        Arrays.fill(first, (byte) fill);
        byte[] second = new byte[1024];
        Arrays.fill(second, (byte) fill);
        write(out, "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n");
        out.writeBytes(first);
        write(out, "\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n");
        out.writeBytes(second);
        write(out, "\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
