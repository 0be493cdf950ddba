package com.example.blog.local.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {

    @Test
    void start_onTheSameDataDirectory_keepsTheDataAcrossRestarts(@TempDir Path dir) throws SQLException {
        Path dataDir = dir.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDir, 0)) {
            assertThat(first.jdbcUrl()).contains("/blog");
            update(first, "create table kept (v text)");
            update(first, "insert into kept values ('survives')");
        }

        try (EmbeddedDatabase second = EmbeddedDatabase.start(dataDir, 0)) {
            assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();
            try (Connection connection = second.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select current_database(), v from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(EmbeddedDatabase.DATABASE);
                assertThat(rows.getString(2)).isEqualTo("survives");
            }
        }
    }

    @Test
    void start_onAGivenPort_listensThere(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"), port)) {
            assertThat(database.port()).isEqualTo(port);
            assertThat(database.jdbcUrl()).contains(":" + port + "/");
        }
    }

    @Test
    void start_byDefault_isDurable_everyCommitOnDiskBeforeItIsAcknowledged(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"), 0)) {
            assertThat(database.durability()).isEqualTo(EmbeddedDatabase.Durability.DURABLE);
            assertThat(setting(database, "fsync")).isEqualTo("on");
            assertThat(setting(database, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(database, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void start_fast_turnsDurabilityOff(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"), 0,
                EmbeddedDatabase.Durability.FAST)) {
            assertThat(setting(database, "fsync")).isEqualTo("off");
            assertThat(setting(database, "synchronous_commit")).isEqualTo("off");
        }
    }

    @Test
    void postmasterKilled_failsConnectionsFast_thenRestartsWithTheCommittedData(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"), 0)) {
            update(database, "create table kept (v text)");
            update(database, "insert into kept values ('acknowledged')");
            long pid = database.postmasterPid().orElseThrow();
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();

            // SIGKILL, as a crash: the process this test started (through the stack), by its pid.
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
            postmaster.onExit().get(10, TimeUnit.SECONDS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean sawFastFailure = false;
            while (database.restarts() == 0 && System.nanoTime() < deadline) {
                long started = System.nanoTime();
                try (Connection connection = database.dataSource().getConnection()) {
                    // Connected between the death and the watchdog noticing it, or after the restart.
                } catch (SQLException e) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertThat(e.getSQLState()).as(e.toString()).startsWith("08");
                    if (e instanceof SQLTransientConnectionException && !database.isUp()) {
                        assertThat(millis).as("a down database fails at once").isLessThan(1_000);
                        sawFastFailure = true;
                    }
                }
                Thread.sleep(20);
            }

            assertThat(database.restarts()).as("restarted by the watchdog").isEqualTo(1);
            assertThat(sawFastFailure).as("a connection attempt while it was down failed at once").isTrue();
            assertThat(database.postmasterPid().orElseThrow()).isNotEqualTo(pid);
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select v from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("acknowledged");
            }
        }
    }

    private static String setting(EmbeddedDatabase database, String name) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("show " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void update(EmbeddedDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
