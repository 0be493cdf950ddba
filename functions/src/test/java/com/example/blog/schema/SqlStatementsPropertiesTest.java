package com.example.blog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Scripts built from statements whose literals, identifiers, dollar quotes and comments hide semicolons: splitting
 * gives back the statements; any text either splits or is refused as unterminated.
 */
class SqlStatementsPropertiesTest {

    /** One piece of a statement; none starts or ends with white space, and each is closed. */
    @Provide
    Arbitrary<String> pieces() {
        Arbitrary<String> inner = Arbitraries.strings().withChars("ab; $'\"\\-*/\n").ofMaxLength(10);
        return Arbitraries.oneOf(
                words(),
                inner.map(text -> "'" + text.replace("'", "''") + "'"),
                inner.map(text -> "E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"),
                inner.map(text -> "\"" + text.replace("\"", "\"\"") + "\""),
                inner.filter(text -> !text.contains("$")).map(text -> "$$" + text + "$$"),
                inner.filter(text -> !text.contains("$")).map(text -> "$q$" + text + "$q$"),
                inner.filter(text -> !text.contains("*/") && !text.contains("/*")).map(text -> "/* " + text + " */"));
    }

    private static Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcdefghij_0123456789(),=<>").ofMinLength(1).ofMaxLength(8);
    }

    /** Statements start with code: the splitter drops comments before a statement, as they are not part of it. */
    @Provide
    Arbitrary<List<String>> statements() {
        return net.jqwik.api.Combinators.combine(words(), pieces().list().ofMaxSize(5))
                .as((first, rest) -> rest.isEmpty() ? first : first + " " + String.join(" ", rest))
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 3000)
    void split_ofAScript_givesBackItsStatements(@ForAll("statements") List<String> statements,
            @ForAll boolean lineComments, @ForAll boolean finalSemicolon) {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < statements.size(); i++) {
            script.append(statements.get(i));
            if (i < statements.size() - 1 || finalSemicolon) {
                script.append(';');
            }
            // After the last statement without a semicolon a comment would belong to that statement.
            boolean terminated = i < statements.size() - 1 || finalSemicolon;
            script.append(lineComments && terminated ? " -- a comment; with a semicolon\n" : "\n");
        }

        assertThat(SqlStatements.split(script.toString())).containsExactlyElementsOf(statements);
    }

    @Property(tries = 5000)
    void split_ofAnyText_splitsOrRefusesAnUnterminatedPart(@ForAll("scriptLike") String script) {
        try {
            List<String> statements = SqlStatements.split(script);
            assertThat(statements).allSatisfy(statement -> assertThat(statement).isNotBlank());
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).contains("nterminated");
        }
    }

    @Provide
    Arbitrary<String> scriptLike() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("ab;$'\"E\\-*/\n q").ofMaxLength(40));
    }
}
