package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValueTest {

    @Test
    void parse_whenMediaTypeHasQuotedBoundary_unquotesIt() throws Exception {
        HeaderValue value = HeaderValue.parse("Multipart/Form-Data ; Boundary=\"a b;c\" ; charset=UTF-8;");

        assertThat(value.value()).isEqualTo("multipart/form-data");
        assertThat(value.parameter("boundary")).isEqualTo("a b;c");
        assertThat(value.parameter("charset")).isEqualTo("UTF-8");
    }

    @Test
    void parse_whenTokenBoundary_keepsItsCase() throws Exception {
        assertThat(HeaderValue.parse("multipart/form-data; boundary=----AbC123").parameter("boundary"))
                .isEqualTo("----AbC123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "/json", "application/", "text/plain; =x", "text/plain; a",
            "text/plain; a=\"unterminated", "text/plain garbage", "text/plain; a=1; a=2"})
    void parse_whenHeaderIsMalformed_rejectsIt(String header) {
        assertThatThrownBy(() -> HeaderValue.parse(header)).isInstanceOf(HeaderValue.MalformedHeaderException.class);
    }
}
