package com.example.blog.local.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The checksums S3 accepts in {@code x-amz-checksum-<algorithm>} headers and trailers, each as S3 encodes it: the
 * big-endian bytes of the CRC (or the digest), in base64.
 */
final class FlexibleChecksums {

    /** The header (and trailer) names, lower case, in the order S3 documents them. */
    static final String[] HEADERS = {"x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme",
        "x-amz-checksum-sha1", "x-amz-checksum-sha256"};

    private static final long CRC64_NVME_REFLECTED_POLYNOMIAL = 0x9a6c9329ac4bc9b5L;
    private static final long[] CRC64_NVME_TABLE = crc64Table();

    private FlexibleChecksums() {
    }

    /** Whether {@code header} (lower case) names a checksum this class computes. */
    static boolean isChecksumHeader(String header) {
        for (String known : HEADERS) {
            if (known.equals(header)) {
                return true;
            }
        }
        return false;
    }

    /** The algorithm's name as S3 spells it in messages ({@code CRC32}, {@code SHA256}...). */
    static String algorithmName(String header) {
        return header.substring("x-amz-checksum-".length()).toUpperCase(Locale.ROOT);
    }

    /** The base64 checksum of {@code data} for the algorithm that {@code header} names. */
    static String compute(String header, byte[] data) {
        byte[] value = switch (header) {
            case "x-amz-checksum-crc32" -> {
                CRC32 crc = new CRC32();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "x-amz-checksum-crc32c" -> {
                CRC32C crc = new CRC32C();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "x-amz-checksum-crc64nvme" -> ByteBuffer.allocate(8).putLong(crc64Nvme(data)).array();
            case "x-amz-checksum-sha1" -> digest("SHA-1", data);
            case "x-amz-checksum-sha256" -> digest("SHA-256", data);
            default -> throw new IllegalArgumentException("not a checksum header: " + header);
        };
        return Base64.getEncoder().encodeToString(value);
    }

    /** CRC-64/NVME: reflected, initial value and final XOR all ones. */
    static long crc64Nvme(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc = CRC64_NVME_TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static long[] crc64Table() {
        long[] table = new long[256];
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ CRC64_NVME_REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            table[n] = crc;
        }
        return table;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
