package com.example.blog.local.dataapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import com.example.blog.local.CommandLine;
import com.example.blog.local.db.EmbeddedDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * {@code blog-local.jar data-api}: the Data API endpoint alone, over the embedded PostgreSQL (data under
 * {@code .blog-local/postgres}) or over any PostgreSQL given by JDBC URL, until Ctrl-C.
 */
public final class DataApiCommand {

    private static final String USAGE = """
            usage: java -jar infra/target/blog-local.jar data-api [options]

              --port N                    port of the Data API endpoint (default 8085; 0 = any free port)
              --host ADDRESS              interface to listen on (default 127.0.0.1)
              --data-dir DIR              embedded PostgreSQL data directory (default .blog-local/postgres)
              --db-port N                 embedded PostgreSQL port (default 0 = any free port)
              --jdbc-url URL              use this PostgreSQL instead of the embedded one
              --user U --password P       credentials for --jdbc-url
              --auto-pause-after 5m       answer DatabaseResumingException after this much idle time
              --resume-time 10s           ... for this long once woken (default 15s)
              --transaction-timeout 3m    roll back transactions idle this long (default 3m)
            """;

    private static final Set<String> OPTIONS = Set.of("port", "host", "data-dir", "db-port", "jdbc-url", "user",
            "password", "auto-pause-after", "resume-time", "transaction-timeout");

    private DataApiCommand() {
    }

    /** Runs the endpoint until the JVM is asked to stop. */
    public static void run(String[] args) throws InterruptedException {
        quietLibraryLogging();
        CommandLine line;
        int port;
        int dbPort;
        Duration autoPauseAfter;
        Duration resumeTime;
        Duration transactionTimeout;
        try {
            line = CommandLine.parse(args, OPTIONS);
            if (!line.positional().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument " + line.positional().get(0));
            }
            port = line.port("port", 8085);
            dbPort = line.port("db-port", 0);
            autoPauseAfter = line.duration("auto-pause-after", null);
            resumeTime = line.duration("resume-time", null);
            transactionTimeout = line.duration("transaction-timeout", null);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        if (line.help()) {
            System.out.print(USAGE);
            return;
        }
        String host = line.string("host", "127.0.0.1");
        Path dataDir = line.path("data-dir", Path.of(".blog-local", "postgres"));
        String jdbcUrl = line.string("jdbc-url", null);
        String user = line.string("user", null);
        String password = line.string("password", null);

        EmbeddedDatabase embedded = null;
        HikariDataSource external = null;
        DataSource dataSource;
        String database;
        if (jdbcUrl != null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(password);
            config.setPoolName("blog-local-data-api");
            config.setMaximumPoolSize(50);
            external = new HikariDataSource(config);
            dataSource = external;
            database = databaseOf(jdbcUrl);
        } else {
            System.out.println("Starting PostgreSQL (data in " + dataDir.toAbsolutePath() + ") ...");
            embedded = EmbeddedDatabase.start(dataDir, dbPort);
            dataSource = embedded.dataSource();
            database = EmbeddedDatabase.DATABASE;
        }
        DataApiSettings.Builder settings = DataApiSettings.builder(dataSource).host(host).port(port)
                .database(database).autoPauseAfter(autoPauseAfter);
        if (resumeTime != null) {
            settings.resumeDuration(resumeTime);
        }
        if (transactionTimeout != null) {
            settings.transactionIdleTimeout(transactionTimeout);
        }
        DataApiServer server;
        try {
            server = DataApiServer.start(settings.build());
        } catch (RuntimeException e) {
            System.err.println("cannot start the Data API endpoint: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            if (external != null) {
                external.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedDatabase database0 = embedded;
        HikariDataSource external0 = external;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the Data API endpoint ...");
            server.close();
            if (external0 != null) {
                external0.close();
            }
            if (database0 != null) {
                database0.close();
            }
            stopped.countDown();
        }, "data-api-shutdown"));

        System.out.println();
        System.out.println("RDS Data API endpoint: " + server.endpoint());
        System.out.println("  cluster ARN (--resource-arn): " + server.clusterArn());
        System.out.println("  secret ARN  (--secret-arn):   " + server.secretArn());
        System.out.println("  database    (--database):     " + server.database());
        System.out.println("  region:                       " + server.region());
        System.out.println("  credentials:                  AWS_ACCESS_KEY_ID=" + DataApiSettings.DEFAULT_ACCESS_KEY_ID
                + " AWS_SECRET_ACCESS_KEY=" + DataApiSettings.DEFAULT_SECRET_ACCESS_KEY);
        if (embedded != null) {
            System.out.println("  PostgreSQL JDBC URL:          " + embedded.jdbcUrl());
        }
        if (autoPauseAfter != null) {
            System.out.println("  auto-pause:                   after " + autoPauseAfter.toSeconds()
                    + " s idle; resuming takes " + server.settings().resumeDuration().toSeconds() + " s");
        }
        System.out.println();
        System.out.println("Try:");
        System.out.println("  AWS_ACCESS_KEY_ID=" + DataApiSettings.DEFAULT_ACCESS_KEY_ID + " AWS_SECRET_ACCESS_KEY="
                + DataApiSettings.DEFAULT_SECRET_ACCESS_KEY + " AWS_DEFAULT_REGION=" + server.region()
                + " \\\n    aws rds-data execute-statement --endpoint-url " + server.endpoint()
                + " \\\n    --resource-arn " + server.clusterArn() + " \\\n    --secret-arn " + server.secretArn()
                + " \\\n    --database " + server.database() + " --sql \"select 1\"");
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static String databaseOf(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]*/?", "");
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        return name.isEmpty() ? "postgres" : name;
    }

    /**
     * Warnings only, so the console shows what this command prints rather than the pool's and initdb's chatter (the
     * other commands log at info). An explicit -D setting wins.
     */
    private static void quietLibraryLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
