package com.example.blog.local.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.Cli;
import com.example.blog.local.dataapi.DataApiServer;
import com.example.blog.local.dataapi.DataApiSettings;
import com.example.blog.local.db.SharedEmbeddedDatabase;

/** The {@code sql} command against a real local Data API endpoint over PostgreSQL, as a user runs it. */
class SqlCommandIT {

    private static DataApiServer server;

    @TempDir
    Path temp;

    private String table;

    @BeforeAll
    static void startServer() {
        server = DataApiServer.start(DataApiSettings.builder(SharedEmbeddedDatabase.get().dataSource()).build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void createTable() {
        table = "sql_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Run run = sql("create table " + table + " (id int primary key, title text, tags text[])");
        assertThat(run.exitCode).as(run.err).isZero();
    }

    @Test
    void select_printsAlignedTableWithRowCount() {
        sql("insert into " + table + " values (1, 'Hello', '{a,b}'), (22, null, null)");

        Run run = sql("select id, title, tags from " + table + " order by id");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.outLines()).containsExactly(
                " id | title | tags",
                "----+-------+-------",
                " 1  | Hello | {a,b}",
                " 22 |       | ",
                "(2 rows)");
    }

    @Test
    void json_printsTheDataApiJsonRecords() {
        sql("insert into " + table + " values (1, 'Hello', '{a}')");

        Run run = sql("--json", "select id, title, tags from " + table);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out.strip()).isEqualTo("[{\"id\":1,\"title\":\"Hello\",\"tags\":[\"a\"]}]");
    }

    @Test
    void param_isBoundByNameAndOnlyWhereUsed() {
        Run run = sql("-p", "id=7", "-p", "title=it's", "insert into " + table + " values (:id::int, :title); "
                + "select title from " + table + " where id = :id::int");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.outLines()).containsExactly("(1 row affected)", " title", "-------", " it's", "(1 row)");
    }

    @Test
    void file_runsEveryStatementOfTheScriptInOrder() throws IOException {
        Path script = temp.resolve("script.sql");
        Files.writeString(script, """
                -- a comment; not a statement
                insert into %1$s values (1, 'one;two');
                insert into %1$s values (2, $$two$$);
                select count(*) as n from %1$s;
                """.formatted(table));

        Run run = sql("-f", script.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.outLines()).containsExactly("(1 row affected)", "(1 row affected)", " n", "---", " 2",
                "(1 row)");
    }

    @Test
    void tx_whenAStatementFails_rollsBackTheOnesBeforeIt() {
        Run run = sql("--tx", "insert into " + table + " values (1, 'a'); insert into " + table
                + " values (1, 'duplicate')");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("statement 2 of 2 failed; the transaction was rolled back")
                .contains("DatabaseErrorException").contains("duplicate key");
        assertThat(count()).isZero();
    }

    @Test
    void tx_commitsEveryStatement() {
        Run run = sql("--tx", "insert into " + table + " values (1, 'a'); insert into " + table + " values (2, 'b')");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void rollback_showsTheResultsButKeepsNothing() {
        Run run = sql("--rollback", "insert into " + table + " values (1, 'a'); select count(*) as n from " + table);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.outLines()).containsExactly("(1 row affected)", " n", "---", " 1", "(1 row)");
        assertThat(count()).isZero();
    }

    @Test
    void withoutTx_whenAStatementFails_saysTheOnesBeforeItWereCommitted() {
        Run run = sql("insert into " + table + " values (1, 'a'); select * from no_such_table_here");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("statement 2 of 2 failed; the statements before it were committed")
                .contains("no_such_table_here");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void runningStack_isFoundThroughItsStackFileWithoutEndpointOptions() throws IOException {
        Path dataDir = temp.resolve("data");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(SqlCommand.STACK_FILE), String.join("\n",
                "pid=" + ProcessHandle.current().pid(),
                "dataApiEndpoint=" + server.endpoint(),
                "clusterArn=" + server.clusterArn(),
                "secretArn=" + server.secretArn(),
                "database=" + server.database(),
                "region=" + server.region()));

        Run run = run("--data-dir", dataDir.toString(), "select 41 + 1 as answer");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.outLines()).containsExactly(" answer", "--------", " 42", "(1 row)");
        assertThat(run.err).doesNotContain("starting its database");
    }

    @Test
    void noRunningStack_startsTheDatabaseOfTheDataDirectoryForTheCall() throws IOException {
        Path dataDir = temp.resolve("data");
        Files.createDirectories(dataDir);
        // A stack file left by a process that is gone must not be trusted.
        Files.writeString(dataDir.resolve(SqlCommand.STACK_FILE), "pid=" + deadPid() + "\ndataApiEndpoint="
                + "http://127.0.0.1:1\n");

        Run run = run("--data-dir", dataDir.toString(), "select current_database() as db");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("starting its database");
        assertThat(run.outLines()).containsExactly(" db", "------", " blog", "(1 row)");
        assertThat(dataDir.resolve("postgres")).isDirectory();
    }

    @Test
    void usageErrors_exitWith2AndSayWhatIsWrong() {
        assertThat(run().err).contains("give either SQL or --file");
        assertThat(run().exitCode).isEqualTo(2);
        Run noSecret = run("--resource-arn", "arn:aws:rds:eu-west-1:123456789012:cluster:x", "select 1");
        assertThat(noSecret.exitCode).isEqualTo(2);
        assertThat(noSecret.err).contains("--secret-arn is required with --resource-arn");
        Run both = run("--tx", "--rollback", "select 1");
        assertThat(both.exitCode).isEqualTo(2);
        assertThat(both.err).contains("--tx and --rollback exclude each other");
        Run unterminated = sql("select 'never closed");
        assertThat(unterminated.exitCode).isEqualTo(2);
    }

    private long count() {
        Run run = sql("--json", "select count(*) as n from " + table);
        assertThat(run.exitCode).as(run.err).isZero();
        return Long.parseLong(run.out.replaceAll("\\D", ""));
    }

    private static long deadPid() {
        try {
            Process process = new ProcessBuilder("true").start();
            process.waitFor();
            return process.pid();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Run sql(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cli.commandLine(new SqlCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }
}
