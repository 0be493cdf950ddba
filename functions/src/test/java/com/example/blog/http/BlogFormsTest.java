package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.example.blog.service.BlogDraft;
import com.example.blog.storage.ImageType;
import com.example.blog.testing.SampleImages;

class BlogFormsTest {

    private static final String BOUNDARY = "XyZ";
    private static final byte[] PNG = SampleImages.png();
    private static final byte[] JPEG = SampleImages.jpeg();
    private static final byte[] GIF = SampleImages.gif();
    private static final byte[] WEBP = SampleImages.webp();
    /** Large enough for the smallest sample image with some room. */
    private static final int MAX_IMAGE_BYTES = 1024;

    private final BlogForms forms = new BlogForms(MAX_IMAGE_BYTES);

    private static APIGatewayV2HTTPEvent event(String contentType, byte[] body, boolean base64) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return APIGatewayV2HTTPEvent.builder()
                .withHeaders(headers)
                .withBody(base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(base64)
                .build();
    }

    private static APIGatewayV2HTTPEvent json(String body) {
        return event("application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static byte[] multipart(String title, String content, byte[] image, String extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (title != null) {
            out.writeBytes(field("title", title));
        }
        if (content != null) {
            out.writeBytes(field("content", content));
        }
        if (extra != null) {
            out.writeBytes(extra.getBytes(StandardCharsets.UTF_8));
        }
        if (image != null) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\""
                    + "\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(image);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] field(String name, String value) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static APIGatewayV2HTTPEvent form(byte[] body) {
        return event("multipart/form-data; boundary=" + BOUNDARY, body, true);
    }

    private static ProblemException problem(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("expected a problem");
    }

    @Test
    void parse_whenJson_returnsStrippedTitleAndContent() {
        BlogDraft draft = forms.parse(json("{\"title\":\"  Hi  \",\"content\":\"Body\\nline\",\"author\":\"mallory\"}"),
                false);

        assertThat(draft.title()).isEqualTo("Hi");
        assertThat(draft.content()).isEqualTo("Body\nline");
        assertThat(draft.image()).isNull();
    }

    @Test
    void parse_whenJsonIsNotAnObjectOrHasTrailingContent_returns400Malformed() {
        String[] bodies = {"[]", "\"text\"", "{\"title\":\"a\"} {}", "", "{\"title\":\"a\",\"title\":\"b\"}"};
        for (String body : bodies) {
            assertThat(problem(() -> forms.parse(json(body), false)).type()).as(body)
                    .isEqualTo(ProblemType.MALFORMED_REQUEST);
        }
    }

    @Test
    void parse_whenJsonFieldsHaveWrongTypes_listsEachField() {
        ProblemException problem = problem(() -> forms.parse(json("{\"title\":5,\"content\":[],\"removeImage\":1}"),
                true));

        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION);
        assertThat(problem.errors()).containsOnlyKeys("title", "content", "removeImage");
    }

    @Test
    void parse_whenTitleTooLongOrBlankOrHasControlCharacters_rejectsIt() {
        String longTitle = "é".repeat(BlogForms.MAX_TITLE_LENGTH + 1);
        assertThat(problem(() -> forms.parse(json("{\"title\":\"" + longTitle + "\",\"content\":\"c\"}"), false))
                .errors()).containsEntry("title", "must be at most 200 characters");
        assertThat(problem(() -> forms.parse(json("{\"title\":\" \",\"content\":\"c\"}"), false)).errors())
                .containsEntry("title", "must not be blank");
        assertThat(problem(() -> forms.parse(json("{\"title\":\"a\\u0000b\",\"content\":\"c\"}"), false)).errors())
                .containsEntry("title", "must not contain control characters or line breaks");
    }

    @Test
    void parse_whenTitleHasExactlyTheMaximumLengthInCodePoints_acceptsIt() {
        String title = "😀".repeat(BlogForms.MAX_TITLE_LENGTH);

        BlogDraft draft = forms.parse(json("{\"title\":\"" + title + "\",\"content\":\"c\"}"), false);

        assertThat(draft.title()).isEqualTo(title);
    }

    @Test
    void parse_whenContentHasNul_rejectsItBecausePostgresCannotStoreIt() {
        assertThat(problem(() -> forms.parse(json("{\"title\":\"t\",\"content\":\"a\\u0000\"}"), false)).errors())
                .containsKey("content");
    }

    @Test
    void parse_whenMultipartWithPng_detectsTheTypeFromTheBytes() {
        BlogDraft draft = forms.parse(form(multipart("T", "C", PNG, null)), false);

        assertThat(draft.image().type()).isEqualTo(ImageType.PNG);
        assertThat(draft.image().bytes()).isEqualTo(PNG);
    }

    @Test
    void parse_whenMultipartWithJpegGifOrWebpClaimingPng_usesTheRealType() {
        assertThat(forms.parse(form(multipart("T", "C", JPEG, null)), false).image().type()).isEqualTo(ImageType.JPEG);
        assertThat(forms.parse(form(multipart("T", "C", GIF, null)), false).image().type()).isEqualTo(ImageType.GIF);
        assertThat(forms.parse(form(multipart("T", "C", WEBP, null)), false).image().type()).isEqualTo(ImageType.WEBP);
    }

    @Test
    void parse_whenImageIsText_returns415() {
        ProblemException problem = problem(() -> forms.parse(
                form(multipart("T", "C", "<svg></svg>".getBytes(StandardCharsets.UTF_8), null)), false));

        assertThat(problem.type()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(problem.errors()).containsKey("image");
    }

    @Test
    void parse_whenImageIsOneByteOverTheLimit_returns413() {
        byte[] image = SampleImages.pngOfSize(MAX_IMAGE_BYTES + 1);

        assertThat(problem(() -> forms.parse(form(multipart("T", "C", image, null)), false)).type())
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
    }

    @Test
    void parse_whenImageIsExactlyAtTheLimit_acceptsIt() {
        byte[] image = SampleImages.pngOfSize(MAX_IMAGE_BYTES);

        assertThat(forms.parse(form(multipart("T", "C", image, null)), false).image().bytes())
                .hasSize(MAX_IMAGE_BYTES);
    }

    @Test
    void parse_whenBodyIsFarBeyondAnyValidSize_returns413BeforeParsing() {
        byte[] huge = new byte[MAX_IMAGE_BYTES + 512 * 1024 + 1];

        assertThat(problem(() -> forms.parse(form(huge), false)).type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
    }

    @Test
    void parse_whenBrowserSendsEmptyFilePart_treatsItAsNoImage() {
        String empty = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\r\n";

        assertThat(forms.parse(form(multipart("T", "C", null, empty)), false).image()).isNull();
    }

    @Test
    void parse_whenMultipartIsNotBase64Encoded_readsTheText() {
        BlogDraft draft = forms.parse(event("multipart/form-data; boundary=" + BOUNDARY,
                multipart("Grüße", "☃", null, null), false), false);

        assertThat(draft.title()).isEqualTo("Grüße");
        assertThat(draft.content()).isEqualTo("☃");
    }

    @Test
    void parse_whenFieldIsRepeated_rejectsIt() {
        assertThat(problem(() -> forms.parse(form(multipart("T", "C", null, new String(field("title", "again"),
                StandardCharsets.UTF_8))), false)).errors()).containsEntry("title", "must be sent once");
    }

    @Test
    void parse_whenRemoveImageOnUpdate_setsItAndRejectsItWithANewImageOrOnCreate() {
        String remove = new String(field("removeImage", "true"), StandardCharsets.UTF_8);

        assertThat(forms.parse(form(multipart("T", "C", null, remove)), true).removeImage()).isTrue();
        assertThat(problem(() -> forms.parse(form(multipart("T", "C", PNG, remove)), true)).errors())
                .containsKey("removeImage");
        assertThat(problem(() -> forms.parse(form(multipart("T", "C", null, remove)), false)).errors())
                .containsKey("removeImage");
    }

    @Test
    void parse_whenContentTypeIsMissingOrUnsupported_returns415() {
        assertThat(problem(() -> forms.parse(event(null, new byte[0], false), false)).type())
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(problem(() -> forms.parse(event("application/x-www-form-urlencoded",
                "title=a".getBytes(StandardCharsets.UTF_8), false), false)).type())
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void parse_whenMultipartHasNoBoundaryOrBadBase64_returns400() {
        assertThat(problem(() -> forms.parse(event("multipart/form-data", multipart("T", "C", null, null), true),
                false)).type()).isEqualTo(ProblemType.MALFORMED_REQUEST);
        APIGatewayV2HTTPEvent badBase64 = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("%%%not base64%%%")
                .withIsBase64Encoded(true)
                .build();
        assertThat(problem(() -> forms.parse(badBase64, false)).type()).isEqualTo(ProblemType.MALFORMED_REQUEST);
    }

    @Test
    void parse_whenJsonIsNotUtf8_returns400() {
        byte[] latin1 = "{\"title\":\"caf\u00e9\",\"content\":\"c\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> forms.parse(event("application/json", latin1, true), false))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_REQUEST));
    }

    @Test
    void parse_whenTextBodyArrivedWithInvalidUtf8ReplacedByTheGateway_returns400InsteadOfStoringU00fffd() {
        // What API Gateway (and the local gateway) hand over for the bytes 63 61 66 e9 sent as application/json.
        APIGatewayV2HTTPEvent replaced = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"title\":\"caf\uFFFD\",\"content\":\"c\"}")
                .withIsBase64Encoded(false)
                .build();

        assertThat(problem(() -> forms.parse(replaced, false)).type()).isEqualTo(ProblemType.MALFORMED_REQUEST);
    }

    @Test
    void parse_whenTextBodyHasALoneSurrogate_returns400() {
        APIGatewayV2HTTPEvent loneSurrogate = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"title\":\"a\uD800b\",\"content\":\"c\"}")
                .withIsBase64Encoded(false)
                .build();

        assertThat(problem(() -> forms.parse(loneSurrogate, false)).type()).isEqualTo(ProblemType.MALFORMED_REQUEST);
    }

    @Test
    void parse_whenJsonDeclaresACharsetOtherThanUtf8_returns415() {
        for (String charset : new String[] {"iso-8859-1", "ISO-8859-1", "windows-1252", "utf-16", "\"us-ascii\""}) {
            byte[] body = "{\"title\":\"caf\u00e9\",\"content\":\"c\"}".getBytes(StandardCharsets.ISO_8859_1);

            assertThat(problem(() -> forms.parse(event("application/json; charset=" + charset, body, true), false))
                    .type()).as(charset).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        }
        assertThat(forms.parse(event("application/json; charset=\"UTF-8\"",
                "{\"title\":\"caf\u00e9\",\"content\":\"c\"}".getBytes(StandardCharsets.UTF_8), true), false)
                .title()).isEqualTo("caf\u00e9");
    }

    @Test
    void parse_whenMultipartTextPartDeclaresACharsetOtherThanUtf8_returns415() {
        String latin1Title = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf\u00e9\r\n";
        byte[] body = multipart(null, "C", null, latin1Title);

        assertThat(problem(() -> forms.parse(form(body), false)).type())
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }

    private Map<String, String> titleErrors(String jsonEscapedTitle) {
        return problem(() -> forms.parse(json("{\"title\":\"" + jsonEscapedTitle + "\",\"content\":\"c\"}"),
                false)).errors();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "a\\tb", "a\\nb", "a\\u0085b", "a\\u009bb", "a\\u007fb", "a\\u2028b",
            "abc\\u202Egnp.exe", "a\\u202Ab", "a\\u2066b\\u2069", "a\\uFEFFb", "a\\uFFFDb", "a\\uFDD0b",
            "a\\uDBFF\\uDFFFb", "a\\uD800b"})
    void parse_whenTitleHasCharactersThatDisplayAsSomethingElse_rejectsTheTitle(String title) {
        assertThat(titleErrors(title)).containsOnlyKeys("title");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "\\u200B", "\\uFEFF", "\\u200B\\u200C\\u200D", "\\u3164", "\\u2800\\u00A0", "\\u0301",
            "\\u2060\\u180E", " \\u3000 "})
    void parse_whenTitleIsOnlyInvisibleCharacters_saysItIsBlank(String title) {
        assertThat(titleErrors(title)).containsEntry("title", title.contains("FEFF")
                ? "must not contain U+FFFD, U+FEFF or noncharacters" : "must not be blank");
    }

    @Test
    void parse_acceptsRightToLeftTextWithMarksEmojiSequencesAndJoiners() {
        String[] titles = {"\u05E9\u05DC\u05D5\u05DD \u200Fabc", "\uD83D\uDC69\u200D\uD83D\uDCBB coding",
                "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC7F"};
        for (String title : titles) {
            assertThat(forms.parse(json("{\"title\":\"" + title + "\",\"content\":\"c\"}"), false).title())
                    .isEqualTo(title);
        }
    }

    @Test
    void parse_contentMayHoldTabsAndLineBreaksButNotOtherControlsOrOverrides() {
        assertThat(forms.parse(json("{\"title\":\"t\",\"content\":\"a\\tb\\r\\nc\"}"), false).content())
                .isEqualTo("a\tb\r\nc");
        for (String content : new String[] {"a\\u0085b", "a\\u202Eb", "a\\u0007b", "\\u200B", "a\\uFFFEb"}) {
            assertThat(problem(() -> forms.parse(json("{\"title\":\"t\",\"content\":\"" + content + "\"}"), false))
                    .errors()).as(content).containsOnlyKeys("content");
        }
    }

    @Test
    void parse_normalisesTitleAndContentToNfc() {
        BlogDraft draft = forms.parse(json("{\"title\":\"Cafe\\u0301\",\"content\":\"e\\u0301\"}"), false);

        assertThat(draft.title()).isEqualTo("Caf\u00e9");
        assertThat(draft.content()).isEqualTo("\u00e9");
    }

    @Test
    void parse_whenImageIsOnlyAPngSignatureOrAPngFollowedByHtml_returns415() {
        byte[] html = "<html><script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII);
        byte[] pngThenHtml = java.nio.ByteBuffer.allocate(PNG.length + html.length).put(PNG).put(html).array();
        byte[] signatureOnly = java.util.Arrays.copyOf(PNG, 8);

        for (byte[] image : new byte[][] {pngThenHtml, signatureOnly}) {
            ProblemException problem = problem(() -> forms.parse(form(multipart("T", "C", image, null)), false));
            assertThat(problem.type()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
            assertThat(problem.errors()).containsKey("image");
        }
    }

    @Test
    void parse_whenJsonNamesAnUpload_returnsItsKeyAndNoImage() {
        BlogDraft draft = forms.parse(json("{\"title\":\"t\",\"content\":\"c\",\"imageUpload\":\"uploads/a/b.png\"}"),
                false);

        assertThat(draft.imageUpload()).isEqualTo("uploads/a/b.png");
        assertThat(draft.image()).isNull();
        assertThat(draft.hasNewImage()).isTrue();
    }

    @Test
    void parse_whenMultipartNamesAnUpload_returnsItsKeyAndAnEmptyFieldMeansNone() {
        BlogDraft named = forms.parse(form(multipart("t", "c", null, new String(field("imageUpload", "uploads/a/b.png"),
                StandardCharsets.UTF_8))), false);
        BlogDraft empty = forms.parse(form(multipart("t", "c", null, new String(field("imageUpload", ""),
                StandardCharsets.UTF_8))), false);

        assertThat(named.imageUpload()).isEqualTo("uploads/a/b.png");
        assertThat(empty.imageUpload()).isNull();
        assertThat(empty.hasNewImage()).isFalse();
    }

    @Test
    void parse_whenUploadIsCombinedWithAFileOrRemoveImageOrIsNotAString_rejectsIt() {
        ProblemException withFile = problem(() -> forms.parse(form(multipart("t", "c", PNG,
                new String(field("imageUpload", "uploads/a/b.png"), StandardCharsets.UTF_8))), true));
        ProblemException withRemove = problem(() -> forms.parse(
                json("{\"title\":\"t\",\"content\":\"c\",\"imageUpload\":\"uploads/a/b.png\",\"removeImage\":true}"),
                true));
        ProblemException notText = problem(() -> forms.parse(
                json("{\"title\":\"t\",\"content\":\"c\",\"imageUpload\":42}"), false));

        assertThat(withFile.errors()).containsKey("imageUpload");
        assertThat(withRemove.errors()).containsEntry("removeImage", "cannot be combined with a new image");
        assertThat(notText.errors()).containsEntry("imageUpload", "must be the key returned by POST /uploads");
    }
}
