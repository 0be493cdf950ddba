package com.example.blog.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

    /** {@code |} marks where the token that starts at index 0 ends. */
    @ParameterizedTest
    @ValueSource(strings = {
        "'it''s'|;", "\"a\"\"b\"|", "-- c ; d\n|x", "/* a /* b */ ; */|;",
        "$$ ; $$|;", "$fn$ $$ ; $fn$|;", "$a_1$x$a_1$|"})
    void skip_returnsTheEndOfTheLiteralOrComment(String marked) {
        String sql = marked.replace("|", "");

        assertThat(SqlLexer.skip(sql, 0)).isEqualTo(marked.indexOf('|'));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"$1 + 1|0", "a$b|1", "$ x|0", "$1a$ x|0", ":name|0", "- 1|0", "/ 2|0"})
    void skip_whenNothingStartsThere_returnsTheSameIndex(String sql, int at) {
        assertThat(SqlLexer.skip(sql, at)).isEqualTo(at);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'open", "\"open", "/* open", "$$ open", "$t$ open $u$"})
    void skip_whenNeverClosed_throwsUnterminatedNamingTheLine(String sql) {
        assertThatThrownBy(() -> SqlLexer.skip("select 1;\n" + sql, 10))
                .isInstanceOf(SqlLexer.UnterminatedException.class).hasMessageContaining("line 2");
    }

    /** A backslash escapes a quote only in an escape string: {@code E'...'} after no other name character. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "E'a\\'b' x|1|7", "e'\\\\' x|1|5", "x'a\\' x|1|5", "ne'a\\' x|2|6", "$e'a\\' x|2|6"})
    void skip_readsBackslashEscapesOnlyInEscapeStrings(String sql, int quote, int end) {
        assertThat(SqlLexer.skip(sql, quote)).isEqualTo(end);
    }
}
