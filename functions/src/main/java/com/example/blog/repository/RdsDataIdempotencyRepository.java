package com.example.blog.repository;

import static com.example.blog.repository.DataApiStatements.longParameter;
import static com.example.blog.repository.DataApiStatements.stringParameter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.example.blog.config.BlogConfig;
import com.example.blog.async.Deadline;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/** The idempotency_keys table through the RDS Data API, one auto-committed statement per call. */
public final class RdsDataIdempotencyRepository implements IdempotencyRepository {

    /*
     * One statement claims or reports: the insert (or the take-over of an expired key or a dead request's claim)
     * either happens, and the outer query sees no row from before it, or does not, and the outer query shows the
     * row that blocked it. A duplicate whose first request has not committed its claim yet waits for that commit
     * (the primary key), then sees the claim; if the statement's snapshot predates it, neither part shows a row,
     * which reads as "in progress".
     */
    static final String CLAIM = "WITH claimed AS ("
            + " INSERT INTO idempotency_keys (author, idempotency_key, fingerprint, locked_until, expires_at)"
            + " VALUES (:author, :key, :fingerprint, now() + :lease_ms * interval '1 millisecond',"
            + " now() + :ttl_ms * interval '1 millisecond')"
            + " ON CONFLICT (author, idempotency_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
            + " locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at,"
            + " status_code = NULL, headers = NULL, body = NULL"
            + " WHERE idempotency_keys.expires_at < now()"
            + " OR (idempotency_keys.status_code IS NULL AND idempotency_keys.locked_until < now())"
            + " RETURNING 1)"
            + " SELECT (SELECT count(*) FROM claimed) AS claimed, k.fingerprint, k.status_code, k.headers, k.body"
            + " FROM (SELECT 1) AS one"
            + " LEFT JOIN idempotency_keys k ON k.author = :author AND k.idempotency_key = :key";
    static final String COMPLETE = "UPDATE idempotency_keys SET status_code = :status_code, headers = :headers,"
            + " body = :body WHERE author = :author AND idempotency_key = :key";
    static final String DELETE_EXPIRED = "DELETE FROM idempotency_keys WHERE expires_at < now()";
    static final String RELEASE = "DELETE FROM idempotency_keys"
            + " WHERE author = :author AND idempotency_key = :key AND status_code IS NULL";

    private final DataApiStatements statements;

    public RdsDataIdempotencyRepository(Supplier<RdsDataAsyncClient> client, BlogConfig config) {
        this.statements = new DataApiStatements(client, config, ResumeRetry.standard());
    }

    @Override
    public CompletableFuture<IdempotencyClaim> claim(String author, String key, String fingerprint, Duration lease,
                                                     Duration ttl, Deadline deadline) {
        List<SqlParameter> parameters = List.of(
                stringParameter("author", author),
                stringParameter("key", key),
                stringParameter("fingerprint", fingerprint),
                longParameter("lease_ms", lease.toMillis()),
                longParameter("ttl_ms", ttl.toMillis()));
        return statements.execute(CLAIM, parameters, deadline, true, response -> {
            List<Field> row = response.records().get(0);
            if (row.get(0).longValue() > 0) {
                return IdempotencyClaim.granted();
            }
            String heldBy = nullable(row.get(1));
            if (Boolean.TRUE.equals(row.get(2).isNull())) {
                return new IdempotencyClaim(false, heldBy, Optional.empty());
            }
            StoredResponse stored = new StoredResponse(row.get(2).longValue().intValue(),
                    headers(nullable(row.get(3))), nullable(row.get(4)));
            return new IdempotencyClaim(false, heldBy, Optional.of(stored));
        });
    }

    @Override
    public CompletableFuture<Void> complete(String author, String key, StoredResponse response, Deadline deadline) {
        // Header lines, as on the wire: a header value never holds a line break.
        StringBuilder headers = new StringBuilder();
        response.headers().forEach((name, value) -> headers.append(name).append(": ").append(value).append('\n'));
        List<SqlParameter> parameters = List.of(
                stringParameter("author", author),
                stringParameter("key", key),
                longParameter("status_code", response.statusCode()),
                stringParameter("headers", headers.toString()),
                stringParameter("body", response.body()));
        return statements.execute(COMPLETE, parameters, deadline, true, ignored -> null);
    }

    @Override
    public CompletableFuture<Void> release(String author, String key, Deadline deadline) {
        return statements.execute(RELEASE, List.of(stringParameter("author", author), stringParameter("key", key)),
                deadline, true, ignored -> null);
    }

    @Override
    public CompletableFuture<Long> deleteExpired(Deadline deadline) {
        return statements.execute(DELETE_EXPIRED, List.of(), deadline, true,
                response -> response.numberOfRecordsUpdated());
    }

    private static String nullable(Field field) {
        return Boolean.TRUE.equals(field.isNull()) ? null : field.stringValue();
    }

    private static Map<String, String> headers(String lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (lines != null) {
            lines.lines().filter(line -> line.indexOf(": ") > 0).forEach(line -> {
                int colon = line.indexOf(": ");
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            });
        }
        return headers;
    }
}
