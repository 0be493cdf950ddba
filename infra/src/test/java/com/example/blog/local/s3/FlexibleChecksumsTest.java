package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.example.blog.local.sigv4.SigV4;

/** The check values of each CRC catalogue entry (the CRC of "123456789") and the digests' known answers. */
class FlexibleChecksumsTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void compute_crc32_matchesItsCheckValue() {
        assertThat(FlexibleChecksums.compute("x-amz-checksum-crc32", CHECK)).isEqualTo(base64(0xcbf43926L, 4));
    }

    @Test
    void compute_crc32c_matchesItsCheckValue() {
        assertThat(FlexibleChecksums.compute("x-amz-checksum-crc32c", CHECK)).isEqualTo(base64(0xe3069283L, 4));
    }

    @Test
    void compute_crc64nvme_matchesItsCheckValue() {
        assertThat(FlexibleChecksums.compute("x-amz-checksum-crc64nvme", CHECK))
                .isEqualTo(base64(0xae8b14860a799888L, 8));
    }

    @Test
    void compute_sha256OfNothing_isTheKnownDigest() {
        assertThat(FlexibleChecksums.compute("x-amz-checksum-sha256", new byte[0])).isEqualTo(Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex(SigV4.EMPTY_SHA256)));
    }

    @Test
    void compute_sha1OfAbc_isTheKnownDigest() {
        assertThat(FlexibleChecksums.compute("x-amz-checksum-sha1", "abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of()
                        .parseHex("a9993e364706816aba3e25717850c26c9cd0d89d")));
    }

    @Test
    void algorithmName_isTheUpperCaseSuffix() {
        assertThat(FlexibleChecksums.algorithmName("x-amz-checksum-crc64nvme")).isEqualTo("CRC64NVME");
        assertThat(FlexibleChecksums.isChecksumHeader("x-amz-checksum-mode")).isFalse();
    }

    private static String base64(long value, int bytes) {
        byte[] all = ByteBuffer.allocate(8).putLong(value).array();
        byte[] tail = new byte[bytes];
        System.arraycopy(all, 8 - bytes, tail, 0, bytes);
        return Base64.getEncoder().encodeToString(tail);
    }
}
