package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated and mutated multipart bodies: the parser gives back what was built, and fails only in its own way. */
class MultipartParserPropertiesTest {

    private static final String BOUNDARY_CHARS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";

    private final MultipartParser parser = new MultipartParser(16);

    record Form(String boundary, List<String> names, List<byte[]> values) {

        byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < names.size(); i++) {
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + names.get(i)
                        + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(values.get(i));
                out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<Form> forms() {
        Arbitrary<String> boundaries = Arbitraries.strings().withChars(BOUNDARY_CHARS).ofMinLength(1).ofMaxLength(70);
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return boundaries.flatMap(boundary -> Combinators.combine(
                        names.list().ofMinSize(1).ofMaxSize(5),
                        values.filter(value -> !contains(value, ("\r\n--" + boundary).getBytes(StandardCharsets.UTF_8)))
                                .list().ofSize(5))
                .as((n, v) -> new Form(boundary, n, v.subList(0, n.size()))));
    }

    private static boolean contains(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Property(tries = 3000)
    void parse_ofWhatWasBuilt_givesBackEveryPartByteForByte(@ForAll("forms") Form form) throws Exception {
        List<MultipartParser.Part> parts = parser.parse(form.body(), form.boundary());

        assertThat(parts).extracting(MultipartParser.Part::name).containsExactlyElementsOf(form.names());
        for (int i = 0; i < parts.size(); i++) {
            assertThat(parts.get(i).body()).isEqualTo(form.values().get(i));
        }
    }

    @Property(tries = 3000)
    void parse_ofAMutatedBody_eitherParsesOrRejectsItAsMalformed(@ForAll("forms") Form form,
            @ForAll("mutations") List<int[]> mutations) {
        byte[] body = form.body();
        for (int[] mutation : mutations) {
            body = mutate(body, mutation);
        }
        try {
            parser.parse(body, form.boundary());
        } catch (MultipartParser.MalformedMultipartException expected) {
            // the parser's own, checked failure: a 400 at the edge
        }
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 255)).as((kind, at, value) -> new int[] {kind, at, value})
                .list().ofMinSize(1).ofMaxSize(4);
    }

    /** Flips a byte, deletes one, or inserts one (a CR, LF, dash or quote as often as any other byte). */
    private static byte[] mutate(byte[] body, int[] mutation) {
        if (body.length == 0) {
            return new byte[] {(byte) mutation[2]};
        }
        int at = mutation[1] % body.length;
        byte value = (byte) (mutation[2] % 5 == 0 ? "\r\n-\"".charAt(mutation[2] % 4) : mutation[2]);
        return switch (mutation[0]) {
            case 0 -> {
                byte[] copy = body.clone();
                copy[at] = value;
                yield copy;
            }
            case 1 -> {
                byte[] shorter = new byte[body.length - 1];
                System.arraycopy(body, 0, shorter, 0, at);
                System.arraycopy(body, at + 1, shorter, at, body.length - at - 1);
                yield shorter;
            }
            default -> {
                byte[] longer = Arrays.copyOf(body, body.length + 1);
                System.arraycopy(body, at, longer, at + 1, body.length - at);
                longer[at] = value;
                yield longer;
            }
        };
    }

    @Property(tries = 3000)
    void parse_ofRandomBytes_neverFailsOtherThanAsMalformed(@ForAll byte[] body,
            @ForAll("boundaries") String boundary) {
        try {
            parser.parse(body, boundary);
        } catch (MultipartParser.MalformedMultipartException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<String> boundaries() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars(BOUNDARY_CHARS + " ").ofMinLength(1).ofMaxLength(8));
    }

    @Property(tries = 2000)
    void blogForms_ofAnyMultipartBody_answerAProblemOrADraft(@ForAll("forms") Form form,
            @ForAll("mutations") List<int[]> mutations) {
        byte[] body = form.body();
        for (int[] mutation : mutations) {
            body = mutate(body, mutation);
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "multipart/form-data; boundary=\"" + form.boundary() + "\"");
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withHeaders(headers)
                .withBody(java.util.Base64.getEncoder().encodeToString(body)).withIsBase64Encoded(true).build();
        try {
            new BlogForms(1024).parse(event, true);
        } catch (ProblemException expected) {
            assertThat(expected.type().status()).isBetween(400, 499);
        }
    }
}
