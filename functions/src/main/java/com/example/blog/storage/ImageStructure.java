package com.example.blog.storage;

import java.util.zip.CRC32;

/**
 * Checks that a file is laid out as its format says from the first byte to the last: chunk and segment lengths that
 * fit, the blocks each format needs, an end marker, and nothing after it. This is not decoding (no pixels are read),
 * so it costs one pass over the bytes and no image library; it is what stops a PNG signature followed by HTML, or a
 * GIF that is also a script, from being stored and served as an image.
 */
final class ImageStructure {

    private static final int PNG_SIGNATURE_LENGTH = 8;

    private ImageStructure() {
    }

    /**
     * PNG (ISO/IEC 15948): chunks of length, type, data and CRC; IHDR first with 13 bytes and a non-zero size, at least
     * one IDAT, IEND last and empty, every CRC right, nothing after IEND.
     */
    static boolean png(byte[] data) {
        int position = PNG_SIGNATURE_LENGTH;
        boolean first = true;
        boolean sawData = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (data.length - position < 12) {
                return false;
            }
            long length = uint32(data, position);
            int typeAt = position + 4;
            if (length > data.length - typeAt - 8L) {
                return false;
            }
            for (int i = 0; i < 4; i++) {
                int c = data[typeAt + i] & 0xff;
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                    return false;
                }
            }
            String type = new String(data, typeAt, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int dataAt = typeAt + 4;
            int crcAt = dataAt + (int) length;
            crc.reset();
            crc.update(data, typeAt, 4 + (int) length);
            if (crc.getValue() != uint32(data, crcAt)) {
                return false;
            }
            if (first) {
                if (!type.equals("IHDR") || length != 13 || uint32(data, dataAt) == 0 || uint32(data, dataAt + 4) == 0) {
                    return false;
                }
                first = false;
            } else if (type.equals("IHDR")) {
                return false;
            }
            sawData |= type.equals("IDAT");
            position = crcAt + 4;
            if (type.equals("IEND")) {
                return length == 0 && sawData && position == data.length;
            }
        }
    }

    /**
     * GIF (GIF87a/GIF89a): the logical screen descriptor and its colour table, then images and extensions made of
     * length-prefixed sub-blocks, at least one image, and the trailer (0x3B) as the very last byte.
     */
    static boolean gif(byte[] data) {
        if (data.length < 13 + 1) {
            return false;
        }
        int position = 13;
        int flags = data[10] & 0xff;
        if ((flags & 0x80) != 0) {
            position += 3 * (1 << ((flags & 0x07) + 1));
        }
        boolean sawImage = false;
        while (position < data.length) {
            int introducer = data[position++] & 0xff;
            switch (introducer) {
                case 0x3B -> {
                    return sawImage && position == data.length;
                }
                case 0x21 -> {
                    if (position >= data.length) {
                        return false;
                    }
                    position = skipSubBlocks(data, position + 1); // after the label
                }
                case 0x2C -> {
                    if (data.length - position < 9) {
                        return false;
                    }
                    int imageFlags = data[position + 8] & 0xff;
                    position += 9;
                    if ((imageFlags & 0x80) != 0) {
                        position += 3 * (1 << ((imageFlags & 0x07) + 1));
                    }
                    if (position >= data.length) {
                        return false;
                    }
                    int minimumCodeSize = data[position++] & 0xff;
                    if (minimumCodeSize < 2 || minimumCodeSize > 8) {
                        return false;
                    }
                    position = skipSubBlocks(data, position);
                    sawImage = true;
                }
                default -> {
                    return false;
                }
            }
            if (position < 0) {
                return false;
            }
        }
        return false;
    }

    /** The position after a sub-block sequence's zero terminator, or -1 when the data ends first. */
    private static int skipSubBlocks(byte[] data, int position) {
        while (position < data.length) {
            int size = data[position] & 0xff;
            position += 1;
            if (size == 0) {
                return position;
            }
            position += size;
        }
        return -1;
    }

    /**
     * JPEG (ITU T.81 / JFIF): SOI, then marker segments whose lengths fit, a frame header (SOFn) before the first
     * scan (SOS), entropy-coded data in which 0xFF is always stuffed or a restart marker, and EOI as the last two
     * bytes.
     */
    static boolean jpeg(byte[] data) {
        int position = 2; // after SOI
        boolean sawFrame = false;
        boolean sawScan = false;
        while (true) {
            if (data.length - position < 2 || (data[position] & 0xff) != 0xFF) {
                return false;
            }
            while (position < data.length && (data[position] & 0xff) == 0xFF) {
                position++; // fill bytes may precede a marker
            }
            if (position >= data.length) {
                return false;
            }
            int marker = data[position++] & 0xff;
            if (marker == 0xD9) {
                return sawScan && position == data.length;
            }
            if (marker == 0x00 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                return false; // no stuffing, a second SOI or a restart marker outside a scan
            }
            if (data.length - position < 2) {
                return false;
            }
            int length = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
            if (length < 2 || length > data.length - position) {
                return false;
            }
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            sawFrame |= frame;
            position += length;
            if (marker == 0xDA) {
                if (!sawFrame) {
                    return false;
                }
                sawScan = true;
                position = skipEntropyCodedData(data, position);
                if (position < 0) {
                    return false;
                }
            }
        }
    }

    /** The position of the marker that ends a scan's entropy-coded data, or -1 when the data ends first. */
    private static int skipEntropyCodedData(byte[] data, int position) {
        while (position < data.length - 1) {
            if ((data[position] & 0xff) == 0xFF) {
                int next = data[position + 1] & 0xff;
                if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                    return position;
                }
                position += next == 0xFF ? 1 : 2;
            } else {
                position++;
            }
        }
        return -1;
    }

    /**
     * WebP (RIFF container): the RIFF size covers exactly the rest of the file; chunks of fourCC, little-endian size
     * and data padded to an even length fill it; the first chunk is VP8 (with its start code), VP8L (with its
     * signature byte) or VP8X, and a VP8X file carries an image or animation frame chunk.
     */
    static boolean webp(byte[] data) {
        if (data.length < 20 || uint32le(data, 4) != data.length - 8L) {
            return false;
        }
        int position = 12;
        boolean first = true;
        boolean extended = false;
        boolean sawImage = false;
        while (position < data.length) {
            if (data.length - position < 8) {
                return false;
            }
            String fourCc = new String(data, position, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = uint32le(data, position + 4);
            int body = position + 8;
            long end = body + size + (size & 1);
            if (end > data.length) {
                return false;
            }
            boolean image = fourCc.equals("VP8 ") || fourCc.equals("VP8L");
            if (fourCc.equals("VP8 ") && (size < 10 || (data[body + 3] & 0xff) != 0x9D
                    || (data[body + 4] & 0xff) != 0x01 || (data[body + 5] & 0xff) != 0x2A)) {
                return false;
            }
            if (fourCc.equals("VP8L") && (size < 5 || (data[body] & 0xff) != 0x2F)) {
                return false;
            }
            if (first) {
                if (!image && !fourCc.equals("VP8X")) {
                    return false;
                }
                extended = fourCc.equals("VP8X");
                if (extended && size != 10) {
                    return false;
                }
                first = false;
            } else if (!extended) {
                return false; // a simple file is one image chunk
            }
            sawImage |= image || fourCc.equals("ANMF");
            position = (int) end;
        }
        return sawImage;
    }

    private static long uint32(byte[] data, int offset) {
        return ((data[offset] & 0xffL) << 24) | ((data[offset + 1] & 0xffL) << 16) | ((data[offset + 2] & 0xffL) << 8)
                | (data[offset + 3] & 0xffL);
    }

    private static long uint32le(byte[] data, int offset) {
        return (data[offset] & 0xffL) | ((data[offset + 1] & 0xffL) << 8) | ((data[offset + 2] & 0xffL) << 16)
                | ((data[offset + 3] & 0xffL) << 24);
    }
}
