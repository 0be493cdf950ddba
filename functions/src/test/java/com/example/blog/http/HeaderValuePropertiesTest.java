package com.example.blog.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Header values: what is written with tokens and quoted strings parses back; anything else fails only as malformed. */
class HeaderValuePropertiesTest {

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings().withChars(TOKEN_CHARS).ofMinLength(1).ofMaxLength(12);
    }

    /** Printable text a quoted-string can carry (no CR or LF), including quotes and backslashes to escape. */
    @Provide
    Arbitrary<String> quotable() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\t', 'é', '☃').ofMaxLength(20);
    }

    @Provide
    Arbitrary<Map<String, String>> parameters() {
        return Arbitraries.maps(tokens().map(name -> name.toLowerCase(Locale.ROOT)), quotable()).ofMaxSize(4);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Property(tries = 3000)
    void parse_ofAWrittenValue_givesBackTypeAndParameters(@ForAll("tokens") String type,
            @ForAll("tokens") String subtype, @ForAll("parameters") Map<String, String> parameters,
            @ForAll boolean spaces) throws Exception {
        StringBuilder header = new StringBuilder(type + "/" + subtype);
        parameters.forEach((name, value) -> header.append(spaces ? " ; " : ";").append(name).append('=')
                .append(value.matches("[" + java.util.regex.Pattern.quote(TOKEN_CHARS) + "]+") && !spaces
                        ? value : quote(value)));

        HeaderValue parsed = HeaderValue.parse(header.toString());

        assertThat(parsed.value()).isEqualTo((type + "/" + subtype).toLowerCase(Locale.ROOT));
        assertThat(parsed.parameters()).isEqualTo(new LinkedHashMap<>(parameters));
    }

    @Property(tries = 5000)
    void parse_ofAnyText_failsOnlyAsMalformed(@ForAll("headerLike") String header) {
        try {
            HeaderValue parsed = HeaderValue.parse(header);
            assertThat(parsed.value()).isNotEmpty();
        } catch (HeaderValue.MalformedHeaderException expected) {
            // a 400 or 415 at the edge
        }
    }

    @Provide
    Arbitrary<String> headerLike() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("ab/;=\" \t\\\r\n,é").ofMaxLength(30));
    }
}
