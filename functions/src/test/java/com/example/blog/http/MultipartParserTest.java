package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartParserTest {

    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    private final MultipartParser parser = new MultipartParser(16);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    private static String field(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    @Test
    void parse_whenSeveralParts_returnsEachNameAndValueInOrder() throws Exception {
        String body = field(BOUNDARY, "title", "Hello") + field(BOUNDARY, "content", "World") + "--" + BOUNDARY
                + "--\r\n";

        List<MultipartParser.Part> parts = parser.parse(bytes(body), BOUNDARY);

        assertThat(parts).extracting(MultipartParser.Part::name).containsExactly("title", "content");
        assertThat(parts.get(0).text()).isEqualTo("Hello");
        assertThat(parts.get(1).text()).isEqualTo("World");
        assertThat(parts.get(0).filename()).isNull();
    }

    @Test
    void parse_whenValueIsUtf8_decodesIt() throws Exception {
        String body = field(BOUNDARY, "title", "Grüße ☃ 日本語 🎉") + "--" + BOUNDARY + "--";

        assertThat(parser.parse(bytes(body), BOUNDARY).get(0).text()).isEqualTo("Grüße ☃ 日本語 🎉");
    }

    @Test
    void parse_whenValueContainsCrlfAndDashes_keepsThemVerbatim() throws Exception {
        String value = "line one\r\nline two\r\n--not-the-boundary\r\n\r\n-- " + BOUNDARY.substring(2) + "\r\n";
        String body = field(BOUNDARY, "content", value) + "--" + BOUNDARY + "--\r\n";

        assertThat(parser.parse(bytes(body), BOUNDARY).get(0).text()).isEqualTo(value);
    }

    @Test
    void parse_whenValueIsEmpty_returnsEmptyBody() throws Exception {
        String body = field(BOUNDARY, "content", "") + "--" + BOUNDARY + "--\r\n";

        assertThat(parser.parse(bytes(body), BOUNDARY).get(0).body()).isEmpty();
    }

    @Test
    void parse_whenFileIsBinary_keepsEveryByteIncludingCrAndLf() throws Exception {
        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
        byte[] body = concat(
                bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n"),
                image,
                bytes("\r\n--" + BOUNDARY + "--\r\n"));

        MultipartParser.Part part = parser.parse(body, BOUNDARY).get(0);

        assertThat(part.body()).isEqualTo(image);
        assertThat(part.filename()).isEqualTo("a.png");
        assertThat(part.contentType()).isEqualTo("image/png");
    }

    @Test
    void parse_whenPreambleAndEpilogueArePresent_ignoresThem() throws Exception {
        String body = "This is the preamble.\r\nIt may mention --" + BOUNDARY + "x but not at a line start.\r\n"
                + field(BOUNDARY, "title", "Hi") + "--" + BOUNDARY + "--\r\nepilogue text\r\n";

        List<MultipartParser.Part> parts = parser.parse(bytes(body), BOUNDARY);

        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).text()).isEqualTo("Hi");
    }

    @Test
    void parse_whenBoundaryLineHasTransportPadding_acceptsIt() throws Exception {
        String body = "--" + BOUNDARY + " \t\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n--"
                + BOUNDARY + "--";

        assertThat(parser.parse(bytes(body), BOUNDARY).get(0).text()).isEqualTo("Hi");
    }

    @Test
    void parse_whenBoundaryHasSpacesAndPunctuation_findsIt() throws Exception {
        String boundary = "quoted boundary 'x'(+_,-./:=?)";
        String body = field(boundary, "title", "Hi") + "--" + boundary + "--\r\n";

        assertThat(parser.parse(bytes(body), boundary).get(0).text()).isEqualTo("Hi");
    }

    @Test
    void parse_whenHeaderNamesHaveOtherCaseAndFolding_readsThem() throws Exception {
        String body = "--" + BOUNDARY + "\r\nCONTENT-DISPOSITION: form-data;\r\n name=\"title\"\r\n\r\nHi\r\n--"
                + BOUNDARY + "--";

        MultipartParser.Part part = parser.parse(bytes(body), BOUNDARY).get(0);

        assertThat(part.name()).isEqualTo("title");
    }

    @Test
    void parse_whenFilenameHasEscapedQuoteAndUtf8_unescapesIt() throws Exception {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; "
                + "filename=\"caf\u00e9 \\\"1\\\".png\"\r\n\r\nx\r\n--" + BOUNDARY + "--";

        assertThat(parser.parse(bytes(body), BOUNDARY).get(0).filename()).isEqualTo("café \"1\".png");
    }

    @Test
    void parse_whenBodyEndsWithoutClosingBoundary_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("closing boundary");
    }

    @Test
    void parse_whenLastDelimiterLacksDashes_rejectsItAsUnterminated() {
        String body = field(BOUNDARY, "title", "Hi") + "--" + BOUNDARY;

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenBoundaryIsAbsentFromBody_rejectsIt() {
        assertThatThrownBy(() -> parser.parse(bytes(field("other", "title", "Hi") + "--other--"), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("does not contain the boundary");
    }

    @Test
    void parse_whenBodyIsEmpty_rejectsIt() {
        assertThatThrownBy(() -> parser.parse(new byte[0], BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenThereAreNoParts_rejectsIt() {
        assertThatThrownBy(() -> parser.parse(bytes("--" + BOUNDARY + "--\r\n"), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("no parts");
    }

    @Test
    void parse_whenLinesEndWithBareLf_rejectsIt() {
        String body = "--" + BOUNDARY + "\nContent-Disposition: form-data; name=\"title\"\n\nHi\n--" + BOUNDARY
                + "--\n";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenBoundaryIsFollowedByOtherCharacters_rejectsIt() {
        String body = field(BOUNDARY, "title", "Hi") + "--" + BOUNDARY + "garbage\r\n";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("CRLF");
    }

    @Test
    void parse_whenPartHasNoContentDisposition_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nHi\r\n--" + BOUNDARY + "--";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("Content-Disposition");
    }

    @Test
    void parse_whenPartHasNoHeadersAtAll_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\n\r\nHi\r\n--" + BOUNDARY + "--";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenDispositionIsNotFormData_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nHi\r\n--" + BOUNDARY
                + "--";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenPartHasNoName_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\nHi\r\n--" + BOUNDARY + "--";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("no name");
    }

    @Test
    void parse_whenHeaderLineHasNoColon_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\nnonsense\r\n\r\nHi\r\n--"
                + BOUNDARY + "--";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenQuotedNameIsUnterminated_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\r\n\r\nHi\r\n--" + BOUNDARY
                + "--";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenPartHeadersNeverEnd_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + "y".repeat(9000);

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("headers");
    }

    @Test
    void parse_whenTransferEncodingIsBase64_rejectsIt() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nSGk=\r\n--" + BOUNDARY + "--";

        assertThatThrownBy(() -> parser.parse(bytes(body), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void parse_whenThereAreTooManyParts_rejectsIt() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            body.append(field(BOUNDARY, "f" + i, "v"));
        }
        body.append("--").append(BOUNDARY).append("--");

        assertThatThrownBy(() -> parser.parse(bytes(body.toString()), BOUNDARY))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class)
                .hasMessageContaining("more than 16 parts");
    }

    @Test
    void text_whenValueIsNotUtf8_rejectsIt() throws Exception {
        byte[] body = concat(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"),
                new byte[] {(byte) 0xc3, (byte) 0x28}, bytes("\r\n--" + BOUNDARY + "--"));

        MultipartParser.Part part = parser.parse(body, BOUNDARY).get(0);

        assertThatThrownBy(part::text).isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ends-with-space ", "has\"quote", "has;semicolon", "tab\there",
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})
    void checkBoundary_whenBoundaryBreaksRfc2046_rejectsIt(String boundary) {
        assertThatThrownBy(() -> MultipartParser.checkBoundary(boundary))
                .isInstanceOf(MultipartParser.MalformedMultipartException.class);
    }

    @Test
    void bytePattern_findsPatternsAtEdgesAndNotBeyondTheLimit() {
        MultipartParser.BytePattern pattern = new MultipartParser.BytePattern(bytes("abc"));
        byte[] data = bytes("abcxxabc");

        assertThat(pattern.indexIn(data, 0, data.length)).isZero();
        assertThat(pattern.indexIn(data, 1, data.length)).isEqualTo(5);
        assertThat(pattern.indexIn(data, 1, 7)).isEqualTo(-1);
        assertThat(pattern.indexIn(bytes("ab"), 0, 2)).isEqualTo(-1);
    }
}
