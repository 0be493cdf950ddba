package com.example.blog.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void split_whenStatementsEndWithSemicolons_returnsEachWithoutTheSemicolon() {
        assertThat(SqlStatements.split("CREATE TABLE a (id int);\nCREATE INDEX a_id ON a (id);\n"))
                .containsExactly("CREATE TABLE a (id int)", "CREATE INDEX a_id ON a (id)");
    }

    @Test
    void split_whenLastStatementHasNoSemicolon_keepsIt() {
        assertThat(SqlStatements.split("SELECT 1; SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void split_whenSemicolonsAreInsideLiteralsAndIdentifiers_doesNotSplitThere() {
        String script = "INSERT INTO t VALUES ('a;b', 'it''s;');\nSELECT \"odd;name\", \"say \"\"hi\"\";\" FROM t;";

        assertThat(SqlStatements.split(script)).containsExactly(
                "INSERT INTO t VALUES ('a;b', 'it''s;')",
                "SELECT \"odd;name\", \"say \"\"hi\"\";\" FROM t");
    }

    @Test
    void split_whenEscapeStringHasBackslashQuote_readsToTheRealEnd() {
        assertThat(SqlStatements.split("SELECT E'a\\';b'; SELECT 2;"))
                .containsExactly("SELECT E'a\\';b'", "SELECT 2");
    }

    @Test
    void split_whenBackslashEndsAnOrdinaryString_treatsItAsACharacter() {
        // standard_conforming_strings is on: 'C:\' is a complete literal.
        assertThat(SqlStatements.split("SELECT 'C:\\'; SELECT 2;")).containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    void split_whenFunctionBodyIsDollarQuoted_keepsTheBodyWhole() {
        String function = """
                CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $body$
                BEGIN
                    NEW.modified_at := now(); -- a comment; with a semicolon
                    RETURN NEW;
                END;
                $body$ LANGUAGE plpgsql""";
        String script = function + ";\nDO $$ BEGIN PERFORM 1; END $$;\n";

        assertThat(SqlStatements.split(script)).containsExactly(function, "DO $$ BEGIN PERFORM 1; END $$");
    }

    @Test
    void split_whenDollarIsAPositionalParameterOrPartOfAName_doesNotOpenAQuote() {
        assertThat(SqlStatements.split("PREPARE p AS SELECT $1, a$b$c FROM t; SELECT 2;"))
                .containsExactly("PREPARE p AS SELECT $1, a$b$c FROM t", "SELECT 2");
    }

    @Test
    void split_whenCommentsHoldSemicolons_ignoresThemAndDropsCommentOnlyStatements() {
        String script = """
                -- header; with a semicolon
                /* block; /* nested; */ still comment; */
                CREATE TABLE a (id int); -- trailing; comment
                -- nothing else;
                """;

        assertThat(SqlStatements.split(script)).containsExactly("CREATE TABLE a (id int)");
    }

    @Test
    void split_whenScriptIsEmptyOrOnlyComments_returnsNothing() {
        assertThat(SqlStatements.split("")).isEmpty();
        assertThat(SqlStatements.split("  -- only a comment\n ; ;\n/* and this */")).isEmpty();
    }

    @Test
    void split_whenLiteralIsNeverClosed_failsNamingTheLine() {
        assertThatThrownBy(() -> SqlStatements.split("SELECT 1;\nSELECT 'oops;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unterminated string literal starting on line 2");
    }

    @Test
    void split_whenDollarQuoteOrCommentIsNeverClosed_fails() {
        assertThatThrownBy(() -> SqlStatements.split("DO $x$ BEGIN END $y$;"))
                .hasMessageContaining("dollar-quoted string $x$");
        assertThatThrownBy(() -> SqlStatements.split("/* /* */ SELECT 1;"))
                .hasMessageContaining("block comment");
    }
}
