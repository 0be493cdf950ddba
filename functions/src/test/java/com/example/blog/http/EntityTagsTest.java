package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.blog.service.IfMatch;

class EntityTagsTest {

    @Test
    void of_makesAStrongTagOfTheVersion() {
        assertThat(EntityTags.of(7)).isEqualTo("\"7\"");
    }

    @Test
    void parseIfMatch_whenAbsent_returnsNull() {
        assertThat(EntityTags.parseIfMatch(null)).isNull();
    }

    @Test
    void parseIfMatch_whenStar_matchesAnyVersion() {
        assertThat(EntityTags.parseIfMatch(" * ").matches(42)).isTrue();
    }

    @Test
    void parseIfMatch_whenListOfTags_matchesEachStrongVersion() {
        IfMatch ifMatch = EntityTags.parseIfMatch("\"1\", \"3\" ,\"x\",");

        assertThat(ifMatch.matches(1)).isTrue();
        assertThat(ifMatch.matches(3)).isTrue();
        assertThat(ifMatch.matches(2)).isFalse();
    }

    @Test
    void parseIfMatch_whenTagIsWeak_neverMatchesBecauseIfMatchComparesStrongly() {
        assertThat(EntityTags.parseIfMatch("W/\"1\"").matches(1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "\"1", "\"1\" \"2\"", "W/1", "**"})
    void parseIfMatch_whenMalformed_rejectsWith400(String header) {
        assertThatThrownBy(() -> EntityTags.parseIfMatch(header))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
                    assertThat(e.errors()).containsKey("If-Match");
                });
    }
}
