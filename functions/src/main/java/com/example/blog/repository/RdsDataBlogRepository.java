package com.example.blog.repository;

import static com.example.blog.repository.DataApiStatements.longParameter;
import static com.example.blog.repository.DataApiStatements.stringParameter;
import static com.example.blog.repository.DataApiStatements.timestampParameter;
import static com.example.blog.repository.DataApiStatements.uuidParameter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import com.example.blog.config.BlogConfig;
import com.example.blog.async.Deadline;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/**
 * The blogs table through the RDS Data API. Every statement is a constant with named parameters; input only ever
 * travels as {@link SqlParameter} values. Each statement runs on its own (auto-commit); the version column makes
 * read-then-write sequences safe without holding a transaction across calls.
 */
public final class RdsDataBlogRepository implements BlogRepository {

    static final int EXCERPT_LENGTH = 200;

    /** Timestamps leave the database as ISO-8601 UTC text with microseconds, whatever the session's time zone. */
    private static final String TIMESTAMPS =
            "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS created_at, "
                    + "to_char(modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS modified_at, ";
    private static final String COLUMNS =
            "CAST(id AS text) AS id, title, author, content, image_key, " + TIMESTAMPS + "version";
    private static final String SUMMARY_COLUMNS = "CAST(id AS text) AS id, title, author, left(content, "
            + EXCERPT_LENGTH + ") AS excerpt, image_key, " + TIMESTAMPS + "version";

    /*
     * ORDER BY names the table's columns explicitly: bare names would resolve to the text output columns of the
     * same name, sorting strings and bypassing the (created_at DESC, id DESC) index.
     */
    static final String LIST_FIRST = "SELECT " + SUMMARY_COLUMNS + " FROM blogs"
            + " ORDER BY blogs.created_at DESC, blogs.id DESC LIMIT :limit";
    static final String LIST_AFTER = "SELECT " + SUMMARY_COLUMNS + " FROM blogs"
            + " WHERE (blogs.created_at, blogs.id)"
            + " < (CAST(:after_created_at AS timestamp) AT TIME ZONE 'UTC', :after_id)"
            + " ORDER BY blogs.created_at DESC, blogs.id DESC LIMIT :limit";
    static final String FIND = "SELECT " + COLUMNS + " FROM blogs WHERE id = :id";
    /*
     * The id is made for this request, so a row that already holds it is this request's own, written by an attempt
     * whose answer was lost (the connection failed after the commit and the SDK retried the call): the insert then
     * returns nothing and the row is read instead of failing on the duplicate key.
     */
    static final String INSERT = "INSERT INTO blogs (id, title, author, content, image_key)"
            + " VALUES (:id, :title, :author, :content, :image_key) ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS;
    static final String UPDATE = "UPDATE blogs SET title = :title, content = :content, image_key = :image_key,"
            + " modified_at = now(), version = version + 1"
            + " WHERE id = :id AND version = :version RETURNING " + COLUMNS;
    static final String DELETE = "DELETE FROM blogs WHERE id = :id AND version = :version";
    static final String DELETE_BY_ID = "DELETE FROM blogs WHERE id = :id";
    /*
     * COLLATE "C" compares bytes, as S3 orders keys; the database's own collation (en_US on Aurora) would ignore the
     * '-' and '.' of the keys and disagree with the listing. The upper bound of the open range is the prefix's end.
     */
    static final String IMAGE_KEYS_BETWEEN = "SELECT image_key FROM blogs"
            + " WHERE image_key COLLATE \"C\" > :after AND image_key COLLATE \"C\" <= :up_to"
            + " ORDER BY image_key COLLATE \"C\" LIMIT :limit";
    static final String IMAGE_KEYS_AFTER = "SELECT image_key FROM blogs"
            + " WHERE image_key COLLATE \"C\" > :after AND image_key COLLATE \"C\" < :prefix_end"
            + " ORDER BY image_key COLLATE \"C\" LIMIT :limit";

    private final DataApiStatements statements;

    /**
     * Asks for the client at every call, so one closed before a SnapStart snapshot and rebuilt after the restore is
     * picked up.
     */
    public RdsDataBlogRepository(Supplier<RdsDataAsyncClient> client, BlogConfig config) {
        this(client, config, ResumeRetry.standard());
    }

    RdsDataBlogRepository(Supplier<RdsDataAsyncClient> client, BlogConfig config, ResumeRetry retry) {
        this.statements = new DataApiStatements(client, config, retry);
    }

    @Override
    public CompletableFuture<List<BlogSummaryRecord>> list(int limit, PageCursor after, Deadline deadline) {
        List<SqlParameter> parameters = new ArrayList<>();
        parameters.add(longParameter("limit", limit));
        if (after != null) {
            parameters.add(timestampParameter("after_created_at", after.createdAt()));
            parameters.add(uuidParameter("after_id", after.id()));
        }
        return execute(after == null ? LIST_FIRST : LIST_AFTER, parameters, deadline, false,
                response -> response.records().stream().map(RdsDataBlogRepository::toSummary).toList());
    }

    @Override
    public CompletableFuture<Optional<BlogRecord>> find(UUID id, Deadline deadline) {
        return execute(FIND, List.of(uuidParameter("id", id)), deadline, false, RdsDataBlogRepository::singleRecord);
    }

    @Override
    public CompletableFuture<BlogRecord> insert(NewBlog blog, Deadline deadline) {
        List<SqlParameter> parameters = List.of(
                uuidParameter("id", blog.id()),
                stringParameter("title", blog.title()),
                stringParameter("author", blog.author()),
                stringParameter("content", blog.content()),
                stringParameter("image_key", blog.imageKey()));
        return execute(INSERT, parameters, deadline, true, RdsDataBlogRepository::singleRecord)
                .thenCompose(inserted -> inserted.isPresent()
                        ? CompletableFuture.completedFuture(inserted.get())
                        : find(blog.id(), deadline).thenApply(existing -> existing
                                .filter(row -> row.author().equals(blog.author())
                                        && Objects.equals(row.imageKey(), blog.imageKey()))
                                .orElseThrow(() -> new RepositoryException("Another row holds the new id "
                                        + blog.id(), null, false))));
    }

    @Override
    public CompletableFuture<Optional<BlogRecord>> update(BlogUpdate update, Deadline deadline) {
        List<SqlParameter> parameters = List.of(
                uuidParameter("id", update.id()),
                longParameter("version", update.expectedVersion()),
                stringParameter("title", update.title()),
                stringParameter("content", update.content()),
                stringParameter("image_key", update.imageKey()));
        return execute(UPDATE, parameters, deadline, true, RdsDataBlogRepository::singleRecord)
                .thenCompose(updated -> updated.isPresent()
                        ? CompletableFuture.completedFuture(updated)
                        : find(update.id(), deadline).thenApply(row -> row.filter(current -> wrote(update, current))));
    }

    /**
     * Whether {@code row} is exactly what {@code update} writes, one version on: the update itself, committed by an
     * attempt whose answer was lost (the SDK retried the call), which the retry then finds at the next version.
     */
    private static boolean wrote(BlogUpdate update, BlogRecord row) {
        return row.version() == update.expectedVersion() + 1 && row.title().equals(update.title())
                && row.content().equals(update.content()) && Objects.equals(row.imageKey(), update.imageKey());
    }

    @Override
    public CompletableFuture<Boolean> delete(UUID id, long expectedVersion, Deadline deadline) {
        return execute(DELETE, List.of(uuidParameter("id", id), longParameter("version", expectedVersion)),
                deadline, true, response -> response.numberOfRecordsUpdated() > 0);
    }

    @Override
    public CompletableFuture<Void> deleteById(UUID id, Deadline deadline) {
        return execute(DELETE_BY_ID, List.of(uuidParameter("id", id)), deadline, true, response -> null);
    }

    @Override
    public CompletableFuture<List<String>> imageKeysBetween(String prefix, String after, String upTo, int limit,
                                                            Deadline deadline) {
        List<SqlParameter> parameters = new ArrayList<>();
        parameters.add(stringParameter("after", after));
        parameters.add(longParameter("limit", limit));
        if (upTo != null) {
            parameters.add(stringParameter("up_to", upTo));
        } else {
            parameters.add(stringParameter("prefix_end", prefixEnd(prefix)));
        }
        return execute(upTo == null ? IMAGE_KEYS_AFTER : IMAGE_KEYS_BETWEEN, parameters, deadline, false,
                response -> response.records().stream().map(row -> row.get(0).stringValue()).toList());
    }

    /** The first string after every string that starts with {@code prefix} ("images/" gives "images0"). */
    static String prefixEnd(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
    }

    private <T> CompletableFuture<T> execute(String sql, List<SqlParameter> parameters, Deadline deadline,
                                             boolean write, Function<ExecuteStatementResponse, T> mapper) {
        return statements.execute(sql, parameters, deadline, write, mapper);
    }

    private static Optional<BlogRecord> singleRecord(ExecuteStatementResponse response) {
        if (!response.hasRecords() || response.records().isEmpty()) {
            return Optional.empty();
        }
        List<Field> row = response.records().get(0);
        return Optional.of(new BlogRecord(
                UUID.fromString(row.get(0).stringValue()),
                row.get(1).stringValue(),
                row.get(2).stringValue(),
                row.get(3).stringValue(),
                nullableString(row.get(4)),
                Instant.parse(row.get(5).stringValue()),
                Instant.parse(row.get(6).stringValue()),
                row.get(7).longValue()));
    }

    private static BlogSummaryRecord toSummary(List<Field> row) {
        return new BlogSummaryRecord(
                UUID.fromString(row.get(0).stringValue()),
                row.get(1).stringValue(),
                row.get(2).stringValue(),
                row.get(3).stringValue(),
                nullableString(row.get(4)),
                Instant.parse(row.get(5).stringValue()),
                Instant.parse(row.get(6).stringValue()),
                row.get(7).longValue());
    }

    private static String nullableString(Field field) {
        return Boolean.TRUE.equals(field.isNull()) ? null : field.stringValue();
    }
}
