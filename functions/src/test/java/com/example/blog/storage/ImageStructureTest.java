package com.example.blog.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.example.blog.testing.SampleImages;

class ImageStructureTest {

    private static final Map<ImageType, byte[]> SAMPLES = Map.of(
            ImageType.PNG, SampleImages.png(),
            ImageType.JPEG, SampleImages.jpeg(),
            ImageType.GIF, SampleImages.gif(),
            ImageType.WEBP, SampleImages.webp());

    private static byte[] concat(byte[] first, byte[] second) {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void isWellFormed_acceptsCompleteFilesOfEveryFormat() {
        SAMPLES.forEach((type, bytes) -> {
            assertThat(ImageType.detect(bytes)).contains(type);
            assertThat(type.isWellFormed(bytes)).as(type.name()).isTrue();
        });
        assertThat(ImageType.JPEG.isWellFormed(SampleImages.progressiveJpeg())).isTrue();
        assertThat(ImageType.PNG.isWellFormed(SampleImages.pngOfSize(500))).isTrue();
    }

    @Test
    void isWellFormed_whenASignatureIsAllThereIs_rejectsIt() {
        assertThat(ImageType.PNG.isWellFormed(latin1("\u0089PNG\r\n\u001a\n"))).isFalse();
        assertThat(ImageType.JPEG.isWellFormed(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})).isFalse();
        assertThat(ImageType.GIF.isWellFormed(latin1("GIF89a"))).isFalse();
        assertThat(ImageType.WEBP.isWellFormed(latin1("RIFF\u0004\u0000\u0000\u0000WEBP"))).isFalse();
    }

    @Test
    void isWellFormed_whenHtmlFollowsTheEndMarker_rejectsIt() {
        byte[] html = latin1("<html><script>alert(document.cookie)</script></html>");
        SAMPLES.forEach((type, bytes) ->
                assertThat(type.isWellFormed(concat(bytes, html))).as(type.name()).isFalse());
    }

    @Test
    void isWellFormed_whenTheFileIsCutAnywhere_rejectsIt() {
        SAMPLES.forEach((type, bytes) -> {
            for (int length = 0; length < bytes.length; length++) {
                assertThat(type.isWellFormed(Arrays.copyOf(bytes, length))).as(type + " cut at " + length).isFalse();
            }
        });
    }

    @Test
    void isWellFormed_whenAGifIsAlsoAScript_rejectsIt() {
        // The classic polyglot: the screen width bytes open a comment, the script follows the header.
        byte[] polyglot = latin1("GIF89a/*\u0001\u0000\u0000\u0000\u0000*/=1;alert(document.domain);");
        assertThat(ImageType.detect(polyglot)).contains(ImageType.GIF);

        assertThat(ImageType.GIF.isWellFormed(polyglot)).isFalse();
    }

    @Test
    void isWellFormed_whenAPngChunkIsCorrupted_rejectsItByItsCrc() {
        byte[] png = SampleImages.png();
        png[20] ^= 0x01; // inside IHDR's width

        assertThat(ImageType.PNG.isWellFormed(png)).isFalse();
    }

    @Test
    void isWellFormed_whenAPngHasNoImageData_rejectsIt() {
        byte[] png = SampleImages.png();
        byte[] signatureAndHeader = Arrays.copyOf(png, 8 + 25);
        byte[] end = SampleImages.chunk("IEND", new byte[0]);

        assertThat(ImageType.PNG.isWellFormed(concat(signatureAndHeader, end))).isFalse();
        assertThat(ImageType.PNG.isWellFormed(png)).isTrue();
    }

    @Test
    void isWellFormed_whenWebpRiffSizeDisagreesWithTheFile_rejectsIt() {
        byte[] webp = SampleImages.webp();
        webp[4]++;

        assertThat(ImageType.WEBP.isWellFormed(webp)).isFalse();
    }
}
