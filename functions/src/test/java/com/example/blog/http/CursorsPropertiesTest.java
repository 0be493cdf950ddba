package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.example.blog.repository.PageCursor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Cursors: ours decode to what we encoded; anything else is a 400, and nothing else decodes. */
class CursorsPropertiesTest {

    @Provide
    Arbitrary<PageCursor> cursors() {
        Arbitrary<Instant> instants = Arbitraries.longs()
                .between(PageCursor.EARLIEST.getEpochSecond(), PageCursor.LATEST.getEpochSecond())
                .flatMap(seconds -> Arbitraries.integers().between(0, 999_999)
                        .map(micros -> Instant.ofEpochSecond(seconds, micros * 1000L)));
        Arbitrary<UUID> ids = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        return Combinators.combine(instants, ids).as(PageCursor::new);
    }

    @Property(tries = 3000)
    void decode_ofEncode_isTheSameCursor(@ForAll("cursors") PageCursor cursor) {
        assertThat(Cursors.decode(Cursors.encode(cursor))).isEqualTo(cursor);
    }

    @Property(tries = 3000)
    void decode_ofAMutatedCursor_isA400OrTheOneCursorThatIsSpelledThatWay(@ForAll("cursors") PageCursor cursor,
            @ForAll int position, @ForAll("base64UrlChars") char replacement) {
        String encoded = Cursors.encode(cursor);
        int at = Math.floorMod(position, encoded.length());
        String mutated = encoded.substring(0, at) + replacement + encoded.substring(at + 1);
        try {
            PageCursor decoded = Cursors.decode(mutated);
            assertThat(Cursors.encode(decoded)).isEqualTo(mutated);
            assertThat(decoded.createdAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(decoded.createdAt());
        } catch (ProblemException expected) {
            assertThat(expected.errors()).containsKey("cursor");
        }
    }

    @Provide
    Arbitrary<Character> base64UrlChars() {
        return Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/");
    }

    @Property(tries = 5000)
    void decode_ofAnyText_isACursorOrA400(@ForAll("cursorLike") String text) {
        try {
            PageCursor decoded = Cursors.decode(text);
            assertThat(Cursors.encode(decoded)).isEqualTo(text);
        } catch (ProblemException expected) {
            assertThat(expected.type()).isEqualTo(ProblemType.VALIDATION);
        }
    }

    @Provide
    Arbitrary<String> cursorLike() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(250),
                Arbitraries.strings().withChars("eyJ0IjoiMjAyNS0xMS0yNlQxMDowMDowMFoiLCJpZCI6").ofMaxLength(120));
    }
}
