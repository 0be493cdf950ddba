package com.example.blog.local.dataapi;

import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

import com.example.blog.local.db.EmbeddedDatabase;

/**
 * How a {@link DataApiServer} is run: where it listens, the database it fronts, the identifiers it answers to and
 * the limits and timings of the real service it reproduces.
 *
 * @param host                   interface to listen on
 * @param port                   TCP port; 0 picks a free one
 * @param dataSource             the PostgreSQL database every call runs against
 * @param clusterArn             the only {@code resourceArn} accepted
 * @param secretArn              the only {@code secretArn} accepted
 * @param database               the database name the secret points at (what an absent {@code database} means)
 * @param region                 the region of the ARNs and of the signing scope
 * @param accessKeyId            the access key id the SigV4 {@code Authorization} header must carry
 * @param secretAccessKey        the secret the SigV4 signature is recomputed with
 * @param transactionIdleTimeout a transaction not used for this long is rolled back (3 minutes on AWS)
 * @param transactionMaxLifetime a transaction older than this is rolled back (24 hours on AWS)
 * @param requestTimeout         a call running longer fails with StatementTimeoutException (45 seconds on AWS)
 * @param autoPauseAfter         idle time after which the cluster "pauses"; null never pauses
 * @param resumeDuration         how long calls answer DatabaseResumingException after a paused cluster is woken
 * @param maxResponseBytes       largest result set returned (1 MiB on AWS)
 * @param maxThreads             request threads, bounding how many calls run at once
 */
public record DataApiSettings(
        String host,
        int port,
        DataSource dataSource,
        String clusterArn,
        String secretArn,
        String database,
        String region,
        String accessKeyId,
        String secretAccessKey,
        Duration transactionIdleTimeout,
        Duration transactionMaxLifetime,
        Duration requestTimeout,
        Duration autoPauseAfter,
        Duration resumeDuration,
        long maxResponseBytes,
        int maxThreads) {

    public static final String DEFAULT_CLUSTER_ARN = "arn:aws:rds:us-east-1:000000000000:cluster:blog-local";
    public static final String DEFAULT_SECRET_ARN =
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:blog-local-db-AbCdEf";
    /** The database the embedded PostgreSQL of the local stack serves. */
    public static final String DEFAULT_DATABASE = EmbeddedDatabase.DATABASE;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCESS_KEY_ID = "blog-local";
    /** The secret access key the local stack hands out and verifies signatures with. */
    public static final String DEFAULT_SECRET_ACCESS_KEY = "blog-local-secret";

    public DataApiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(clusterArn, "clusterArn");
        Objects.requireNonNull(secretArn, "secretArn");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        requirePositive(transactionIdleTimeout, "transactionIdleTimeout");
        requirePositive(transactionMaxLifetime, "transactionMaxLifetime");
        requirePositive(requestTimeout, "requestTimeout");
        if (autoPauseAfter != null) {
            requirePositive(autoPauseAfter, "autoPauseAfter");
        }
        requirePositive(resumeDuration, "resumeDuration");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
        if (maxThreads <= 0) {
            throw new IllegalArgumentException("maxThreads must be positive");
        }
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder().dataSource(dataSource);
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).dataSource(dataSource).clusterArn(clusterArn).secretArn(secretArn)
                .database(database).region(region).accessKeyId(accessKeyId).secretAccessKey(secretAccessKey)
                .transactionIdleTimeout(transactionIdleTimeout).transactionMaxLifetime(transactionMaxLifetime)
                .requestTimeout(requestTimeout).autoPauseAfter(autoPauseAfter).resumeDuration(resumeDuration)
                .maxResponseBytes(maxResponseBytes).maxThreads(maxThreads);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Builds {@link DataApiSettings} starting from the local stack's fixed values and AWS's limits. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private DataSource dataSource;
        private String clusterArn = DEFAULT_CLUSTER_ARN;
        private String secretArn = DEFAULT_SECRET_ARN;
        private String database = DEFAULT_DATABASE;
        private String region = DEFAULT_REGION;
        private String accessKeyId = DEFAULT_ACCESS_KEY_ID;
        private String secretAccessKey = DEFAULT_SECRET_ACCESS_KEY;
        private Duration transactionIdleTimeout = Duration.ofMinutes(3);
        private Duration transactionMaxLifetime = Duration.ofHours(24);
        private Duration requestTimeout = Duration.ofSeconds(45);
        private Duration autoPauseAfter;
        private Duration resumeDuration = Duration.ofSeconds(15);
        private long maxResponseBytes = 1024 * 1024;
        private int maxThreads = 64;

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataSource(DataSource value) {
            dataSource = value;
            return this;
        }

        public Builder clusterArn(String value) {
            clusterArn = value;
            return this;
        }

        public Builder secretArn(String value) {
            secretArn = value;
            return this;
        }

        public Builder database(String value) {
            database = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder accessKeyId(String value) {
            accessKeyId = value;
            return this;
        }

        public Builder secretAccessKey(String value) {
            secretAccessKey = value;
            return this;
        }

        public Builder transactionIdleTimeout(Duration value) {
            transactionIdleTimeout = value;
            return this;
        }

        public Builder transactionMaxLifetime(Duration value) {
            transactionMaxLifetime = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /** Idle time after which calls start failing with DatabaseResumingException; null (the default) = never. */
        public Builder autoPauseAfter(Duration value) {
            autoPauseAfter = value;
            return this;
        }

        public Builder resumeDuration(Duration value) {
            resumeDuration = value;
            return this;
        }

        public Builder maxResponseBytes(long value) {
            maxResponseBytes = value;
            return this;
        }

        public Builder maxThreads(int value) {
            maxThreads = value;
            return this;
        }

        public DataApiSettings build() {
            return new DataApiSettings(host, port, dataSource, clusterArn, secretArn, database, region, accessKeyId,
                    secretAccessKey, transactionIdleTimeout, transactionMaxLifetime, requestTimeout, autoPauseAfter,
                    resumeDuration, maxResponseBytes, maxThreads);
        }
    }
}
