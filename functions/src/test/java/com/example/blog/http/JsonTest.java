package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parseObject_whenKeysRepeat_throws() {
        assertThatThrownBy(() -> Json.parseObject("{\"title\":\"a\",\"title\":\"b\"}")).isInstanceOf(IOException.class);
    }

    @Test
    void parseObject_whenBodyIsNotOneObject_throws() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Json.parseObject("\"text\"")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Json.parseObject("{} {}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Json.parseObject("{\"a\":")).isInstanceOf(IOException.class);
    }

    @Test
    void parseObject_keepsOrderTypesAndNesting() throws IOException {
        Map<String, Object> parsed = Json.parseObject(
                "{\"z\":\"s\",\"a\":true,\"n\":null,\"i\":7,\"f\":1.5,\"o\":{\"x\":[1,\"y\",false]}}");

        assertThat(parsed.keySet()).containsExactly("z", "a", "n", "i", "f", "o");
        assertThat(parsed).containsEntry("z", "s").containsEntry("a", true).containsEntry("n", null)
                .containsEntry("i", 7).containsEntry("f", 1.5)
                .containsEntry("o", Map.of("x", Arrays.asList(1, "y", false)));
    }

    @Test
    void write_keepsOrderAndNullsAndEscapes() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "say \"hi\"\n");
        body.put("imageUrl", null);
        body.put("version", 3L);
        body.put("items", List.of(Map.of("ok", true)));

        assertThat(Json.write(body)).isEqualTo(
                "{\"title\":\"say \\\"hi\\\"\\n\",\"imageUrl\":null,\"version\":3,\"items\":[{\"ok\":true}]}");
    }

    @Test
    void write_whenValueHasNoJsonForm_throws() {
        assertThatThrownBy(() -> Json.write(Map.of("when", new Object()))).isInstanceOf(IllegalStateException.class);
    }
}
