package com.example.blog.local.stack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import com.example.blog.local.db.EmbeddedDatabase;
import com.example.blog.local.runtime.FunctionJdk;

/**
 * How to run a {@link LocalStack}. Every port may be 0 (a free one is picked); the template defaults to
 * {@code <root>/template.yaml}, the artifact to its {@code CodeUri}. The data directory has no default: the commands
 * pass the user's {@code .blog-local}, tests a directory of their own, and a missing one is a mistake to report, not
 * a reason to write into the user's data.
 *
 * @param rootDirectory     the repository root
 * @param dataDirectory     where the database, S3 objects, keys and task roots live (required)
 * @param template          the SAM template
 * @param artifact          the deployment artifact; null takes the template's {@code CodeUri}
 * @param apiPort           the HTTP API's port; negative runs no gateway (for {@code invoke})
 * @param dataApiPort       the Data API's port
 * @param s3Port            the S3 endpoint's port
 * @param databasePort      PostgreSQL's port
 * @param maxInstancesPerFunction concurrent execution environments per function
 * @param maxConcurrency    events one environment runs at once (above 1: Lambda Managed Instances)
 * @param shutdownGrace     how long functions get to run their shutdown hooks after SIGTERM
 * @param parameterOverrides template parameter values
 * @param functionJdk       the JDK that runs the functions
 * @param functionConsole   where function output and START/END/REPORT lines go
 * @param externalS3        an S3 endpoint to use instead of the stack's own; null starts the local one
 * @param externalDataApi   a Data API to use instead of the stack's own database and endpoint; null starts them
 * @param databaseDurability whether the embedded database fsyncs every commit (the default) or trades that for speed
 * @param progress          told what is starting, step by step, for a console to show
 */
public record LocalStackOptions(Path rootDirectory, Path dataDirectory, Path template, Path artifact, int apiPort,
        int dataApiPort, int s3Port, int databasePort, int maxInstancesPerFunction, int maxConcurrency,
        Duration shutdownGrace,
        Map<String, String> parameterOverrides, FunctionJdk functionJdk, Consumer<String> functionConsole,
        ExternalS3 externalS3, ExternalDataApi externalDataApi, EmbeddedDatabase.Durability databaseDurability,
        Consumer<String> progress) {

    /**
     * An S3 service the functions use instead of the stack's own, e.g. LocalStack's. It must accept the local
     * credentials ({@link LocalStack#ACCESS_KEY_ID}) and path-style addressing; the bucket must already exist.
     */
    public record ExternalS3(URI endpoint, String bucket) {
        public ExternalS3 {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(bucket, "bucket");
        }
    }

    /**
     * An RDS Data API the functions use instead of the stack's own, e.g. LocalStack Pro's. The stack then starts no
     * database: the schema must already be applied through that API, and {@link LocalStack#dataSource()} is null.
     */
    public record ExternalDataApi(URI endpoint, String clusterArn, String secretArn, String database) {
        public ExternalDataApi {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(clusterArn, "clusterArn");
            Objects.requireNonNull(secretArn, "secretArn");
            Objects.requireNonNull(database, "database");
        }
    }

    public LocalStackOptions {
        Objects.requireNonNull(rootDirectory, "rootDirectory");
        if (dataDirectory == null) {
            throw new IllegalArgumentException("no data directory: give LocalStackOptions.Builder.dataDirectory (the"
                    + " commands use .blog-local, tests a temporary directory)");
        }
        Objects.requireNonNull(template, "template");
        parameterOverrides = Map.copyOf(parameterOverrides);
        Objects.requireNonNull(functionJdk, "functionJdk");
        Objects.requireNonNull(functionConsole, "functionConsole");
        Objects.requireNonNull(databaseDurability, "databaseDurability");
        Objects.requireNonNull(progress, "progress");
    }

    /** Options for the repository at {@code rootDirectory}, free ports; the data directory must still be given. */
    public static Builder builder(Path rootDirectory) {
        return new Builder(rootDirectory);
    }

    public boolean gateway() {
        return apiPort >= 0;
    }

    /** Builds {@link LocalStackOptions}. */
    public static final class Builder {
        private final Path rootDirectory;
        private Path dataDirectory;
        private Path template;
        private Path artifact;
        private int apiPort;
        private int dataApiPort;
        private int s3Port;
        private int databasePort;
        private int maxInstancesPerFunction = 4;
        private int maxConcurrency = 1;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private Map<String, String> parameterOverrides = Map.of();
        private FunctionJdk functionJdk;
        private Consumer<String> functionConsole = System.err::println;
        private ExternalS3 externalS3;
        private ExternalDataApi externalDataApi;
        private EmbeddedDatabase.Durability databaseDurability = EmbeddedDatabase.Durability.DURABLE;
        private Consumer<String> progress = step -> { };

        private Builder(Path rootDirectory) {
            this.rootDirectory = rootDirectory.toAbsolutePath().normalize();
        }

        public Builder dataDirectory(Path value) {
            dataDirectory = value;
            return this;
        }

        public Builder template(Path value) {
            template = value;
            return this;
        }

        public Builder artifact(Path value) {
            artifact = value;
            return this;
        }

        public Builder apiPort(int value) {
            apiPort = value;
            return this;
        }

        /** No HTTP API: the stack only serves invocations made through {@link LocalStack#invoke}. */
        public Builder withoutGateway() {
            apiPort = -1;
            return this;
        }

        public Builder dataApiPort(int value) {
            dataApiPort = value;
            return this;
        }

        public Builder s3Port(int value) {
            s3Port = value;
            return this;
        }

        public Builder databasePort(int value) {
            databasePort = value;
            return this;
        }

        /** Events per environment at once, as {@code PerExecutionEnvironmentMaxConcurrency}; 1 is classic Lambda. */
        public Builder maxConcurrency(int value) {
            maxConcurrency = value;
            return this;
        }

        public Builder maxInstancesPerFunction(int value) {
            maxInstancesPerFunction = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder parameterOverrides(Map<String, String> value) {
            parameterOverrides = value;
            return this;
        }

        /** The JDK for the functions; by default {@link FunctionJdk#locate()} finds one. */
        public Builder functionJdk(FunctionJdk value) {
            functionJdk = value;
            return this;
        }

        public Builder functionConsole(Consumer<String> value) {
            functionConsole = value;
            return this;
        }

        /** Use this S3 service instead of starting one. */
        public Builder externalS3(ExternalS3 value) {
            externalS3 = value;
            return this;
        }

        /** Use this Data API (and the database behind it) instead of starting them. */
        public Builder externalDataApi(ExternalDataApi value) {
            externalDataApi = value;
            return this;
        }

        /** {@link EmbeddedDatabase.Durability#FAST} trades the durability of acknowledged commits for speed. */
        public Builder databaseDurability(EmbeddedDatabase.Durability value) {
            databaseDurability = value;
            return this;
        }

        /** Told each step of the start, e.g. "Starting PostgreSQL", for a console. */
        public Builder progress(Consumer<String> value) {
            progress = value;
            return this;
        }

        public LocalStackOptions build() {
            return new LocalStackOptions(rootDirectory, dataDirectory,
                    template != null ? template : rootDirectory.resolve("template.yaml"),
                    artifact, apiPort, dataApiPort, s3Port, databasePort, maxInstancesPerFunction, maxConcurrency,
                    shutdownGrace,
                    parameterOverrides, functionJdk != null ? functionJdk : FunctionJdk.locate(), functionConsole,
                    externalS3, externalDataApi, databaseDurability, progress);
        }
    }
}
