package com.example.blog.storage;

import java.util.Optional;

/**
 * The accepted image formats, recognised by their leading magic bytes (never by what the client claims) and then
 * checked for a well-formed structure from start to end.
 */
public enum ImageType {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String contentType;
    private final String extension;

    ImageType(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The type whose extension ends a stored key such as {@code images/<uuid>.png}. */
    public static Optional<ImageType> ofKey(String key) {
        for (ImageType type : values()) {
            if (key.endsWith("." + type.extension)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The format the bytes are in, whatever the client claimed. */
    public static Optional<ImageType> detect(byte[] data) {
        if (startsWith(data, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
            return Optional.of(GIF);
        }
        // RIFF <4-byte little-endian size> WEBP
        if (data.length >= 12 && startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** Whether the bytes, already detected as this type, are laid out as the format requires, end marker last. */
    public boolean isWellFormed(byte[] data) {
        return switch (this) {
            case JPEG -> ImageStructure.jpeg(data);
            case PNG -> ImageStructure.png(data);
            case GIF -> ImageStructure.gif(data);
            case WEBP -> ImageStructure.webp(data);
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] data, int offset, byte... prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
