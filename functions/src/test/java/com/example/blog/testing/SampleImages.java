package com.example.blog.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Real, complete image files for tests: PNG, JPEG (baseline and progressive) and GIF encoded by the JDK's ImageIO,
 * and a 1x1 lossless WebP (the JDK has no WebP writer) laid out by hand from the container specification.
 */
public final class SampleImages {

    /** RIFF, size 26, WEBP, a VP8L chunk of 13 bytes (signature 0x2F, 1x1) and its pad byte. */
    private static final String WEBP_1X1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";

    private SampleImages() {
    }

    public static byte[] png() {
        return encode(picture(4, 3), "png");
    }

    public static byte[] jpeg() {
        return encode(picture(8, 8), "jpg");
    }

    public static byte[] progressiveJpeg() {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            parameters.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(picture(16, 16), null, null), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] gif() {
        return encode(picture(5, 5), "gif");
    }

    public static byte[] webp() {
        return Base64.getDecoder().decode(WEBP_1X1);
    }

    /** A valid PNG of exactly {@code size} bytes: the small picture plus a tEXt chunk that fills the difference. */
    public static byte[] pngOfSize(int size) {
        byte[] png = png();
        int padding = size - png.length - 12;
        if (padding < 0) {
            throw new IllegalArgumentException("the smallest padded PNG has " + (png.length + 12) + " bytes");
        }
        byte[] text = new byte[padding];
        java.util.Arrays.fill(text, (byte) 'x');
        byte[] chunk = chunk("tEXt", text);
        int iend = png.length - 12; // IEND is the last chunk: length, type, CRC
        return ByteBuffer.allocate(size).put(png, 0, iend).put(chunk).put(png, iend, 12).array();
    }

    /** A PNG chunk: length, type, data, CRC over type and data. */
    public static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0x203040 + x * 0x1100 + y * 0x11);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
