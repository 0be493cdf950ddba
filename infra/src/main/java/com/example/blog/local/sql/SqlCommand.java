package com.example.blog.local.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.RdsDataClientBuilder;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

import com.example.blog.local.Cli;
import com.example.blog.local.dataapi.DataApiServer;
import com.example.blog.local.dataapi.DataApiSettings;
import com.example.blog.local.db.EmbeddedDatabase;
import com.example.blog.schema.SqlStatements;

/**
 * {@code blog-local.jar sql}: one-off statements through the RDS Data API, against the running local stack by
 * default or a deployed cluster with {@code --resource-arn}, printed as a table or as the Data API's JSON records.
 */
@Command(name = "sql", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs SQL through the RDS Data API and prints the result.",
            "Targets the local stack that start-api runs from the data directory (or, when none runs, starts its"
                    + " database and Data API for the call); with --resource-arn, a deployed Aurora cluster, with"
                    + " the usual AWS credential and region chain."},
        footer = {"", "Examples:",
            "  java -jar infra/target/blog-local.jar sql \"select id, title, author from blogs\"",
            "  java -jar infra/target/blog-local.jar sql --tx -f migration.sql",
            "  java -jar infra/target/blog-local.jar sql --rollback -p id=00000000-0000-0000-0000-000000000002 \\",
            "      \"delete from blogs where id = :id::uuid\""})
public final class SqlCommand implements Callable<Integer> {

    /** Name of the file start-api writes in its data directory to say where its endpoints are. */
    public static final String STACK_FILE = "stack.properties";

    @Mixin
    Cli.HelpOption help;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SQL", description = "The statement(s) to run; ';' separates several.")
    private String sql;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Run the statements of FILE ('-' = stdin).")
    private String file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "A named parameter (:NAME in the SQL), sent as a string; cast it in SQL, e.g. :id::uuid.")
    private Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print records as the Data API's JSON (formatRecordsAs JSON).")
    private boolean json;

    @Option(names = "--tx", description = "Run all statements in one transaction, committed at the end.")
    private boolean transaction;

    @Option(names = "--rollback", description = "Run all statements in one transaction and roll it back.")
    private boolean rollback;

    @Option(names = "--resource-arn", paramLabel = "ARN", description = "Aurora cluster ARN (a deployed cluster).")
    private String resourceArn;

    @Option(names = "--secret-arn", paramLabel = "ARN", description = "Secrets Manager ARN of its credentials.")
    private String secretArn;

    @Option(names = "--database", paramLabel = "NAME", description = "Database name (default: blog).")
    private String database;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Data API endpoint (default: the local stack's, or AWS's with --resource-arn).")
    private URI endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the SDK's region chain).")
    private String region;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".blog-local",
            description = "The local stack's data directory (default: ${DEFAULT-VALUE}).")
    private Path dataDirectory;

    @Override
    public Integer call() throws IOException {
        List<String> statements = statements();
        List<SqlParameter> sqlParameters = new ArrayList<>();
        parameters.forEach((name, value) -> sqlParameters.add(
                SqlParameter.builder().name(name).value(Field.builder().stringValue(value).build()).build()));
        SqlRunner.Mode mode = rollback ? SqlRunner.Mode.ROLLBACK
                : transaction ? SqlRunner.Mode.COMMIT : SqlRunner.Mode.AUTOCOMMIT;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        LocalDataApi started = null;
        try {
            SqlTarget target;
            if (resourceArn != null) {
                target = new SqlTarget(endpoint, region, DefaultCredentialsProvider.builder().build(), resourceArn,
                        secretArn, database);
            } else {
                Optional<SqlTarget> running = endpoint != null ? Optional.of(localTarget(endpoint)) : runningStack();
                if (running.isPresent()) {
                    target = running.get();
                } else {
                    err.println("sql: no local stack runs from " + dataDirectory.toAbsolutePath()
                            + "; starting its database for this call");
                    started = LocalDataApi.start(dataDirectory.resolve("postgres"));
                    target = localTarget(started.server.endpoint());
                }
            }
            try (RdsDataClient client = client(target)) {
                new SqlRunner(client, target).run(statements, sqlParameters, mode, new ResultPrinter(out, json));
            }
            return 0;
        } catch (SqlRunner.StatementFailedException e) {
            err.println("sql: " + e.getMessage() + ": " + describe(e.getCause()));
            return 1;
        } catch (SdkServiceException | SdkClientException e) {
            err.println("sql: " + describe(e));
            return 1;
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println("sql: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "")
                    + "; if another process uses that database, pass its Data API with --endpoint-url");
            return 1;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private List<String> statements() throws IOException {
        if ((sql == null) == (file == null)) {
            throw new ParameterException(spec.commandLine(), "give either SQL or --file, not both and not neither");
        }
        if (resourceArn != null && secretArn == null) {
            throw new ParameterException(spec.commandLine(), "--secret-arn is required with --resource-arn");
        }
        if (resourceArn == null && secretArn != null) {
            throw new ParameterException(spec.commandLine(), "--secret-arn needs --resource-arn");
        }
        if (transaction && rollback) {
            throw new ParameterException(spec.commandLine(), "--tx and --rollback exclude each other");
        }
        String text;
        if (sql != null) {
            text = sql;
        } else if (file.equals("-")) {
            InputStream in = System.in;
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } else {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new ParameterException(spec.commandLine(), "cannot read --file " + file);
            }
            text = Files.readString(path);
        }
        List<String> statements;
        try {
            statements = SqlStatements.split(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (statements.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no statement to run");
        }
        return statements;
    }

    /** The Data API of a start-api that runs from the data directory, if one does. */
    private Optional<SqlTarget> runningStack() throws IOException {
        Path stackFile = dataDirectory.resolve(STACK_FILE);
        if (!Files.isRegularFile(stackFile)) {
            return Optional.empty();
        }
        Properties stack = new Properties();
        try (InputStream in = Files.newInputStream(stackFile)) {
            stack.load(in);
        }
        String pid = stack.getProperty("pid", "");
        boolean alive = !pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)
                .orElse(false);
        if (!alive) {
            return Optional.empty();
        }
        return Optional.of(new SqlTarget(URI.create(stack.getProperty("dataApiEndpoint")),
                stack.getProperty("region"), local(), stack.getProperty("clusterArn"),
                stack.getProperty("secretArn"), database != null ? database : stack.getProperty("database")));
    }

    private SqlTarget localTarget(URI dataApi) {
        return new SqlTarget(dataApi, DataApiSettings.DEFAULT_REGION, local(), DataApiSettings.DEFAULT_CLUSTER_ARN,
                DataApiSettings.DEFAULT_SECRET_ARN, database != null ? database : DataApiSettings.DEFAULT_DATABASE);
    }

    private static StaticCredentialsProvider local() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(DataApiSettings.DEFAULT_ACCESS_KEY_ID,
                DataApiSettings.DEFAULT_SECRET_ACCESS_KEY));
    }

    private RdsDataClient client(SqlTarget target) {
        // The Data API may take up to 45 s for a statement; the read timeout must outlast it.
        RdsDataClientBuilder builder = RdsDataClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(50)))
                .credentialsProvider(target.credentials());
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        if (target.region() != null) {
            builder.region(Region.of(target.region()));
        }
        return builder.build();
    }

    private static String describe(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        if (e instanceof SdkClientException) {
            return "cannot call the Data API: " + e.getMessage();
        }
        return e.getMessage();
    }

    /** The database and Data API of the local stack, started for one call when no start-api runs. */
    private static final class LocalDataApi implements AutoCloseable {
        private final EmbeddedDatabase database;
        private final DataApiServer server;

        private LocalDataApi(EmbeddedDatabase database, DataApiServer server) {
            this.database = database;
            this.server = server;
        }

        static LocalDataApi start(Path postgresDirectory) {
            EmbeddedDatabase database = EmbeddedDatabase.start(postgresDirectory, 0);
            try {
                return new LocalDataApi(database, DataApiServer.start(DataApiSettings.builder(database.dataSource())
                        .build()));
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        }

        @Override
        public void close() {
            server.close();
            database.close();
        }
    }
}
