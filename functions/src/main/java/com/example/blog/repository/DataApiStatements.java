package com.example.blog.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import com.example.blog.config.BlogConfig;
import com.example.blog.async.Completions;
import com.example.blog.async.Deadline;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.AccessDeniedException;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseErrorException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseNotFoundException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.ForbiddenException;
import software.amazon.awssdk.services.rdsdata.model.HttpEndpointNotEnabledException;
import software.amazon.awssdk.services.rdsdata.model.InvalidResourceStateException;
import software.amazon.awssdk.services.rdsdata.model.InvalidSecretException;
import software.amazon.awssdk.services.rdsdata.model.SecretsErrorException;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/**
 * One auto-committed Data API statement at a time, for every table of this package: the call bounded by the
 * invocation's deadline, {@code DatabaseResumingException} retried, and failures translated into
 * {@link RepositoryException}s that say whether a write may have happened.
 */
final class DataApiStatements {

    /** The Data API's own statement limit is 45 s; the invocation's deadline usually cuts this shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** The Data API's TIMESTAMP type hint wants "YYYY-MM-DD HH:MM:SS[.FFF]". */
    private static final DateTimeFormatter TIMESTAMP_PARAMETER =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final Supplier<RdsDataAsyncClient> client;
    private final String clusterArn;
    private final String secretArn;
    private final String database;
    private final ResumeRetry retry;

    DataApiStatements(Supplier<RdsDataAsyncClient> client, BlogConfig config, ResumeRetry retry) {
        this.client = client;
        this.clusterArn = config.clusterArn();
        this.secretArn = config.secretArn();
        this.database = config.database();
        this.retry = retry;
    }

    <T> CompletableFuture<T> execute(String sql, List<SqlParameter> parameters, Deadline deadline,
                                             boolean write, Function<ExecuteStatementResponse, T> mapper) {
        return retry.run(() -> client.get().executeStatement(request(sql, parameters, deadline)), deadline)
                .handle((response, error) -> {
                    if (error != null) {
                        throw translate(Completions.unwrap(error), write);
                    }
                    try {
                        return mapper.apply(response);
                    } catch (RuntimeException e) {
                        throw new RepositoryException("Unexpected Data API result: " + e.getMessage(), e, write);
                    }
                });
    }

    private ExecuteStatementRequest request(String sql, List<SqlParameter> parameters, Deadline deadline) {
        return ExecuteStatementRequest.builder()
                .resourceArn(clusterArn)
                .secretArn(secretArn)
                .database(database)
                .sql(sql)
                .parameters(parameters)
                .overrideConfiguration(o -> o.apiCallTimeout(deadline.callTimeout(CALL_TIMEOUT)))
                .build();
    }

    private static RepositoryException translate(Throwable error, boolean write) {
        if (error instanceof RepositoryException repositoryException) {
            return repositoryException;
        }
        if (error instanceof software.amazon.awssdk.services.rdsdata.model.DatabaseUnavailableException) {
            return new DatabaseUnavailableException("The database is unavailable", error, ResumeRetry.RETRY_AFTER);
        }
        return new RepositoryException("Data API call failed: " + error, error, write && !rejected(error));
    }

    /** Errors with which the Data API says the statement did not run (or ran and was rolled back). */
    private static boolean rejected(Throwable error) {
        return error instanceof BadRequestException
                || error instanceof DatabaseErrorException
                || error instanceof ForbiddenException
                || error instanceof AccessDeniedException
                || error instanceof DatabaseNotFoundException
                || error instanceof HttpEndpointNotEnabledException
                || error instanceof InvalidResourceStateException
                || error instanceof InvalidSecretException
                || error instanceof SecretsErrorException;
    }

    static SqlParameter uuidParameter(String name, UUID value) {
        return SqlParameter.builder().name(name).typeHint(TypeHint.UUID)
                .value(Field.builder().stringValue(value.toString()).build()).build();
    }

    static SqlParameter timestampParameter(String name, Instant value) {
        String text = TIMESTAMP_PARAMETER.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        return SqlParameter.builder().name(name).typeHint(TypeHint.TIMESTAMP)
                .value(Field.builder().stringValue(text).build()).build();
    }

    static SqlParameter stringParameter(String name, String value) {
        Field field = value == null ? Field.builder().isNull(true).build() : Field.builder().stringValue(value).build();
        return SqlParameter.builder().name(name).value(field).build();
    }

    static SqlParameter longParameter(String name, long value) {
        return SqlParameter.builder().name(name).value(Field.builder().longValue(value).build()).build();
    }
}
