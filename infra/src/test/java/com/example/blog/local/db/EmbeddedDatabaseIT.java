package com.example.blog.local.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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

    private static void update(EmbeddedDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
