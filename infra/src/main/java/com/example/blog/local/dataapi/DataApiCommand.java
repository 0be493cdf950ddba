package com.example.blog.local.dataapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import com.example.blog.local.Cli;
import com.example.blog.local.db.EmbeddedDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code blog-local.jar data-api}: the Data API endpoint alone, over the embedded PostgreSQL (data under
 * {@code .blog-local/postgres}) or over any PostgreSQL given by JDBC URL, until Ctrl-C.
 */
@Command(name = "data-api", sortOptions = false, showDefaultValues = true,
        description = {"The RDS Data API endpoint alone.", "Over the embedded PostgreSQL or any PostgreSQL given by JDBC"
                + " URL, until Ctrl-C."})
public final class DataApiCommand implements Callable<Integer> {

    @Mixin
    Cli.HelpOption help;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8085", converter = Cli.Port.class,
            description = "Port of the Data API endpoint (0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Interface to listen on.")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".blog-local/postgres",
            description = "The embedded PostgreSQL's data directory.")
    Path dataDir;

    @Option(names = "--db-port", paramLabel = "PORT", defaultValue = "0", converter = Cli.Port.class,
            description = "The embedded PostgreSQL's port (0 picks a free one).")
    int dbPort;

    @Option(names = "--fast",
            description = "Run the embedded PostgreSQL with fsync and synchronous_commit off: faster, but a crash can"
                    + " lose writes that were already answered.")
    boolean fast;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "Use this PostgreSQL instead of the embedded one.")
    String jdbcUrl;

    @Option(names = "--user", paramLabel = "USER", description = "User name for --jdbc-url.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password for --jdbc-url.")
    String password;

    @Option(names = "--auto-pause-after", paramLabel = "DURATION", converter = Cli.PositiveDuration.class,
            description = "Answer DatabaseResumingException after this much idle time, e.g. 5m.")
    Duration autoPauseAfter;

    @Option(names = "--resume-time", paramLabel = "DURATION", converter = Cli.PositiveDuration.class,
            description = "How long a resume takes once woken (default 15s).")
    Duration resumeTime;

    @Option(names = "--transaction-timeout", paramLabel = "DURATION", converter = Cli.PositiveDuration.class,
            description = "Roll back transactions idle this long (default 3m).")
    Duration transactionTimeout;

    /** Runs the endpoint until the JVM is asked to stop. */
    @Override
    public Integer call() throws InterruptedException {
        quietLibraryLogging();

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
            System.out.println("Starting PostgreSQL (data in " + dataDir.toAbsolutePath() + (fast
                    ? "; --fast: no fsync, no synchronous_commit, a crash can lose writes that were already answered"
                    : "") + ") ...");
            embedded = EmbeddedDatabase.start(dataDir, dbPort,
                    fast ? EmbeddedDatabase.Durability.FAST : EmbeddedDatabase.Durability.DURABLE);
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
            return 1;
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
        return 0;
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
}
