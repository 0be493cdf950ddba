package com.example.blog.local.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.ImageIO;

/** Real image files, encoded by the JDK's ImageIO, so the functions see what a camera or an editor would send. */
final class Images {

    private Images() {
    }

    /** A small PNG; the colour makes images of different tests differ byte for byte. */
    static byte[] png(int rgb) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, rgb ^ (x * 16 + y));
            }
        }
        return encode(image, "png");
    }

    static byte[] jpeg(int rgb) {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, rgb + x * 512 + y);
            }
        }
        return encode(image, "jpg");
    }

    /**
     * A PNG of noise, which does not compress, of at least {@code minimumBytes}: a photo a user might try to upload.
     */
    static byte[] largePng(int minimumBytes) {
        int width = 1024;
        int height = minimumBytes / (width * 3) + 1;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random noise = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, noise.nextInt(1 << 24));
            }
        }
        byte[] png = encode(image, "png");
        if (png.length < minimumBytes) {
            throw new IllegalStateException("noise compressed to " + png.length + " bytes");
        }
        return png;
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
