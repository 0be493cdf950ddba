package com.example.blog.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ImageTypeTest {

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void detect_recognisesEachFormatByItsSignature() {
        assertThat(ImageType.detect(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xdb}))
                .contains(ImageType.JPEG);
        assertThat(ImageType.detect(latin1("\u0089PNG\r\n\u001a\n\u0000"))).contains(ImageType.PNG);
        assertThat(ImageType.detect(latin1("GIF87a..."))).contains(ImageType.GIF);
        assertThat(ImageType.detect(latin1("GIF89a..."))).contains(ImageType.GIF);
        assertThat(ImageType.detect(latin1("RIFF\u0000\u0001\u0000\u0000WEBPVP8L"))).contains(ImageType.WEBP);
    }

    @Test
    void detect_whenSignatureIsPartialOrForeign_returnsEmpty() {
        assertThat(ImageType.detect(new byte[0])).isEmpty();
        assertThat(ImageType.detect(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
        assertThat(ImageType.detect(latin1("\u0089PNG\r\n"))).isEmpty();
        assertThat(ImageType.detect(latin1("GIF88a"))).isEmpty();
        assertThat(ImageType.detect(latin1("RIFF\u0000\u0000\u0000\u0000WAVEfmt "))).isEmpty();
        assertThat(ImageType.detect(latin1("RIFFxxxxWEB"))).isEmpty();
        assertThat(ImageType.detect(latin1("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))).isEmpty();
        assertThat(ImageType.detect(latin1("BM6\u0000\u0000\u0000"))).as("BMP is not accepted")
                .isEqualTo(Optional.empty());
    }

    @Test
    void contentTypesAndExtensionsMatchTheFormats() {
        assertThat(ImageType.JPEG.contentType()).isEqualTo("image/jpeg");
        assertThat(ImageType.JPEG.extension()).isEqualTo("jpg");
        assertThat(ImageType.WEBP.contentType()).isEqualTo("image/webp");
    }
}
