package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.example.blog.service.IfMatch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** If-Match lists: the tags we hand out parse back to their versions; any other text is a 400 or never matches. */
class EntityTagsPropertiesTest {

    @Property(tries = 3000)
    void parseIfMatch_ofTagsWeWrote_matchesExactlyThoseVersions(
            @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 1, max = 999_999_999_999_999_999L) Long> versions,
            @ForAll @LongRange(min = 1, max = 999_999_999_999_999_999L) long other, @ForAll boolean spaces) {
        String header = versions.stream().map(EntityTags::of).collect(Collectors.joining(spaces ? " , " : ","));

        IfMatch ifMatch = EntityTags.parseIfMatch(header);

        assertThat(ifMatch.any()).isFalse();
        assertThat(ifMatch.versions()).isEqualTo(Set.copyOf(versions));
        assertThat(ifMatch.matches(other)).isEqualTo(versions.contains(other));
    }

    @Property(tries = 3000)
    void parseIfMatch_ofWeakTags_neverMatches(@ForAll @LongRange(min = 1, max = 1_000_000) long version) {
        assertThat(EntityTags.parseIfMatch("W/" + EntityTags.of(version)).matches(version)).isFalse();
    }

    @Property(tries = 5000)
    void parseIfMatch_ofAnyText_returnsAPreconditionOrA400(@ForAll("headerLike") String header) {
        try {
            IfMatch ifMatch = EntityTags.parseIfMatch(header);
            assertThat(ifMatch).isNotNull();
        } catch (ProblemException expected) {
            assertThat(expected.type()).isEqualTo(ProblemType.VALIDATION);
        }
    }

    @Provide
    Arbitrary<String> headerLike() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("W/\"0123456789, \t*x").ofMaxLength(30));
    }
}
