package com.example.blog.local.dataapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

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

    private DataApiCommand() {
    }

    /** Runs the endpoint until the JVM is asked to stop. */
    public static void run(String[] args) throws InterruptedException {
        quietLibraryLogging();
        int port = 8085;
        String host = "127.0.0.1";
        Path dataDir = Path.of(".blog-local", "postgres");
        int dbPort = 0;
        String jdbcUrl = null;
        String user = null;
        String password = null;
        Duration autoPauseAfter = null;
        Duration resumeTime = null;
        Duration transactionTimeout = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                System.out.print(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value for " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> port = Integer.parseInt(value);
                case "--host" -> host = value;
                case "--data-dir" -> dataDir = Path.of(value);
                case "--db-port" -> dbPort = Integer.parseInt(value);
                case "--jdbc-url" -> jdbcUrl = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--auto-pause-after" -> autoPauseAfter = parseDuration(value);
                case "--resume-time" -> resumeTime = parseDuration(value);
                case "--transaction-timeout" -> transactionTimeout = parseDuration(value);
                default -> fail("unknown option " + option);
            }
        }

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

    /** Reads durations such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT5M}. */
    static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        int split = 0;
        while (split < value.length() && (Character.isDigit(value.charAt(split)) || value.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        double amount = Double.parseDouble(value.substring(0, split));
        double millis = switch (value.substring(split)) {
            case "ms" -> amount;
            case "", "s" -> amount * 1000;
            case "m", "min" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalArgumentException("unknown duration unit in " + text);
        };
        return Duration.ofMillis(Math.round(millis));
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
