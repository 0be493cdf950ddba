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
}
