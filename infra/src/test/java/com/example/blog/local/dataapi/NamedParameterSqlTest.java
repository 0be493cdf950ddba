package com.example.blog.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.blog.schema.SqlStatements;

class NamedParameterSqlTest {

    private static final Set<String> NAMES = Set.of("id", "name", "a");

    @Test
    void parse_namedParameters_becomePlaceholdersInOrder() {
        NamedParameterSql sql = NamedParameterSql.parse("select * from t where id = :id and name = :name or id = :id",
                NAMES);

        assertThat(sql.jdbcSql()).isEqualTo("select * from t where id = ? and name = ? or id = ?");
        assertThat(sql.parameterOrder()).containsExactly("id", "name", "id");
        assertThat(sql.multipleStatements()).isFalse();
    }

    @Test
    void parse_castsAfterParameters_areKept() {
        NamedParameterSql sql = NamedParameterSql.parse("select :id::uuid, now()::date, :a :: text", NAMES);

        assertThat(sql.jdbcSql()).isEqualTo("select ?::uuid, now()::date, ? :: text");
        assertThat(sql.parameterOrder()).containsExactly("id", "a");
    }

    @Test
    void parse_namesInsideLiteralsQuotedIdentifiersAndComments_areLeftAlone() {
        String text = "select ':id', 'it''s :id', e'\\' :id', \"col:id\", $$ :id $$, $x$ :id $x$"
                + " /* :id /* :id */ :id */ -- :id\n, :name";

        NamedParameterSql sql = NamedParameterSql.parse(text, NAMES);

        assertThat(sql.parameterOrder()).containsExactly("name");
        assertThat(sql.jdbcSql()).isEqualTo(text.replace(":name", "?"));
    }

    @Test
    void parse_unknownNames_areLeftForTheDatabaseToReject() {
        NamedParameterSql sql = NamedParameterSql.parse("select :other, :id", NAMES);

        assertThat(sql.jdbcSql()).isEqualTo("select :other, ?");
    }

    @Test
    void parse_questionMarksOutsideLiterals_areEscapedForTheDriver() {
        NamedParameterSql sql = NamedParameterSql.parse("select doc ? 'k', doc ?| array['a'], '?' from t", NAMES);

        assertThat(sql.jdbcSql()).isEqualTo("select doc ?? 'k', doc ??| array['a'], '?' from t");
    }

    @Test
    void parse_dollarSignsInIdentifiersAndPositionalParameters_areNotDollarQuotes() {
        NamedParameterSql sql = NamedParameterSql.parse("select a$b$c, $1 from t where x = :a", NAMES);

        assertThat(sql.jdbcSql()).isEqualTo("select a$b$c, $1 from t where x = ?");
    }

    @Test
    void parse_twoStatements_areDetected() {
        assertThat(NamedParameterSql.parse("select 1; select 2", NAMES).multipleStatements()).isTrue();
        assertThat(NamedParameterSql.parse("select 1;", NAMES).multipleStatements()).isFalse();
        assertThat(NamedParameterSql.parse("select 1; -- trailing\n /* note */ ", NAMES).multipleStatements())
                .isFalse();
        assertThat(NamedParameterSql.parse("select ';'", NAMES).multipleStatements()).isFalse();
        assertThat(NamedParameterSql.parse("select 1; 'x'", NAMES).multipleStatements()).isTrue();
    }

    @Test
    void parse_slicesAndAssignments_areNotParameters() {
        NamedParameterSql sql = NamedParameterSql.parse("select arr[1:2], f(x := 1), :a", NAMES);

        assertThat(sql.jdbcSql()).isEqualTo("select arr[1:2], f(x := 1), ?");
    }

    @Test
    void parse_namesStartingWithADigit_areBoundLikeAnyOther() {
        NamedParameterSql sql = NamedParameterSql.parse("select :1::int, :0, :10, :2a from t where arr[1:3] = :1",
                Set.of("0", "1", "10", "2a"));

        assertThat(sql.jdbcSql()).isEqualTo("select ?::int, ?, ?, ? from t where arr[1:3] = ?");
        assertThat(sql.parameterOrder()).containsExactly("1", "0", "10", "2a", "1");
    }

    /** One lexer decides for both: the Data API's one-statement check and the deployment's script splitter. */
    @ParameterizedTest
    @ValueSource(strings = {"select 1; select 2", "select ';'; select 2", "select $$;$$", "select $f$ ; $f$; x",
        "select 1 -- ; x\n", "select /* ; /* ; */ ; */ 1", "select \"a;b\" from t", "select E'\\'; x'; y",
        "select 'a''; b'", "select a$b; c", "select $1; select 2", "select 1;"})
    void parse_agreesWithTheScriptSplitterOnWhereStatementsEnd(String text) {
        boolean multiple = NamedParameterSql.parse(text, NAMES).multipleStatements();

        assertThat(multiple).isEqualTo(SqlStatements.split(text).size() > 1);
    }
}
