package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.blog.repository.PageCursor;

class CursorsTest {

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decode_ofEncode_returnsTheSameCursorWithMicroseconds() {
        PageCursor cursor = new PageCursor(Instant.parse("2025-11-26T10:00:00.123456Z"), UUID.randomUUID());

        String encoded = Cursors.encode(cursor);

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decode(encoded)).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "bm90LWEtY3Vyc29y", "e30", "W10"})
    void decode_whenNotACursor_rejectsWith400(String cursor) {
        assertThatThrownBy(() -> Cursors.decode(cursor))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).containsKey("cursor"));
    }

    @Test
    void decode_whenFieldsHaveWrongTypesOrValues_rejectsWith400() {
        for (String json : new String[] {
                "{\"t\":1,\"id\":\"00000000-0000-4000-8000-000000000001\"}",
                "{\"t\":\"yesterday\",\"id\":\"00000000-0000-4000-8000-000000000001\"}",
                "{\"t\":\"2025-11-26T10:00:00Z\",\"id\":\"nope\"}",
                "{\"t\":\"2025-11-26T10:00:00Z\",\"id\":\"00000000-0000-4000-8000-000000000001\",\"x\":1}",
                "{\"t\":\"2025-11-26T10:00:00Z\"} trailing"}) {
            assertThatThrownBy(() -> Cursors.decode(b64(json))).as(json).isInstanceOf(ProblemException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+275760-09-13T00:00:00Z", "0000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z"})
    void decode_whenTimestampIsOutsideWhatTheDatabaseTakes_rejectsWith400(String createdAt) {
        String forged = b64("{\"t\":\"" + createdAt + "\",\"id\":\"00000000-0000-4000-8000-000000000001\"}");

        assertThatThrownBy(() -> Cursors.decode(forged))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).containsKey("cursor"));
    }

    @Test
    void decode_acceptsTheFirstAndLastInstantsTheDatabaseTakes() {
        for (Instant edge : new Instant[] {PageCursor.EARLIEST, PageCursor.LATEST}) {
            PageCursor cursor = new PageCursor(edge, UUID.fromString("00000000-0000-4000-8000-000000000001"));

            assertThat(Cursors.decode(Cursors.encode(cursor))).isEqualTo(cursor);
        }
    }

    @Test
    void decode_whenCursorIsNotSpelledAsThisApiWritesIt_rejectsWith400() {
        String id = "00000000-0000-4000-8000-00000000000a";
        String ours = Cursors.encode(new PageCursor(Instant.parse("2025-11-26T10:00:00.123456Z"), UUID.fromString(id)));
        assertThat(Cursors.decode(ours)).isNotNull();

        for (String forged : new String[] {
                ours + "=",
                b64("{\"t\":\"2025-11-26T10:00:00.123456789Z\",\"id\":\"" + id + "\"}"),
                b64("{\"t\":\"2025-11-26T10:00:00.123456Z\",\"id\":\"" + id.toUpperCase() + "\"}"),
                b64("{\"id\":\"" + id + "\",\"t\":\"2025-11-26T10:00:00.123456Z\"}"),
                b64("{ \"t\":\"2025-11-26T10:00:00.123456Z\",\"id\":\"" + id + "\"}"),
                b64("{\"t\":\"2025-11-26T10:00:00.123456000Z\",\"id\":\"" + id + "\"}")}) {
            assertThatThrownBy(() -> Cursors.decode(forged)).as(forged).isInstanceOf(ProblemException.class);
        }
    }
}
