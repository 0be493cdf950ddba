package com.example.blog.repository;

import static com.example.blog.testing.Futures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.example.blog.config.BlogConfig;
import com.example.blog.async.Deadline;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/**
 * How the repository talks to the Data API: the requests it builds and how it reads answers and errors. The client
 * is a scripted stand-in because a waking Aurora cluster or a timed-out call cannot be produced on demand; the SQL
 * itself runs against PostgreSQL behind the local Data API in infra's integration tests.
 */
class RdsDataBlogRepositoryTest {

    private static final BlogConfig CONFIG = BlogConfig.fromMap(Map.of(
            "BLOG_CLUSTER_ARN", "arn:aws:rds:us-east-1:000000000000:cluster:blog-local",
            "BLOG_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:blog-local-db-AbCdEf",
            "BLOG_BUCKET", "blog-images"));
    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    /** Answers ExecuteStatement from a script and records every request. */
    static final class ScriptedDataApi implements RdsDataAsyncClient {
        final List<ExecuteStatementRequest> requests = new ArrayList<>();
        final Deque<Object> answers = new ArrayDeque<>();

        @Override
        public CompletableFuture<ExecuteStatementResponse> executeStatement(ExecuteStatementRequest request) {
            requests.add(request);
            Object answer = answers.poll();
            if (answer instanceof Throwable error) {
                return CompletableFuture.failedFuture(error);
            }
            return CompletableFuture.completedFuture((ExecuteStatementResponse) answer);
        }

        @Override
        public CompletableFuture<ExecuteStatementResponse> executeStatement(
                Consumer<ExecuteStatementRequest.Builder> request) {
            return executeStatement(ExecuteStatementRequest.builder().applyMutation(request).build());
        }

        @Override
        public String serviceName() {
            return "rds-data";
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedDataApi dataApi = new ScriptedDataApi();
    private final RdsDataBlogRepository repository = new RdsDataBlogRepository(() -> dataApi, CONFIG,
            new ResumeRetry(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMillis(1)));

    private static List<Field> row(String imageKey) {
        return List.of(
                Field.builder().stringValue(ID.toString()).build(),
                Field.builder().stringValue("Welcome to the blog").build(),
                Field.builder().stringValue("alice").build(),
                Field.builder().stringValue("Hello").build(),
                imageKey == null ? Field.builder().isNull(true).build() : Field.builder().stringValue(imageKey).build(),
                Field.builder().stringValue("2025-11-26T10:00:00.123456Z").build(),
                Field.builder().stringValue("2025-11-26T11:00:00.000001Z").build(),
                Field.builder().longValue(3L).build());
    }

    private static ExecuteStatementResponse rows(List<List<Field>> records) {
        return ExecuteStatementResponse.builder().records(records).numberOfRecordsUpdated(0L).build();
    }

    private static Map<String, SqlParameter> parameters(ExecuteStatementRequest request) {
        return request.parameters().stream().collect(Collectors.toMap(SqlParameter::name, p -> p));
    }


    @Test
    void find_sendsConstantSqlWithATypedUuidParameterAndTheClusterCoordinates() {
        dataApi.answers.add(rows(List.of(row("images/a.png"))));

        BlogRecord record = repository.find(ID, Deadline.after(Duration.ofSeconds(10))).join().orElseThrow();

        ExecuteStatementRequest request = dataApi.requests.get(0);
        assertThat(request.sql()).isEqualTo(RdsDataBlogRepository.FIND).doesNotContain(ID.toString());
        assertThat(request.resourceArn()).isEqualTo(CONFIG.clusterArn());
        assertThat(request.secretArn()).isEqualTo(CONFIG.secretArn());
        assertThat(request.database()).isEqualTo("blog");
        assertThat(parameters(request).get("id").typeHint()).isEqualTo(TypeHint.UUID);
        assertThat(parameters(request).get("id").value().stringValue()).isEqualTo(ID.toString());
        assertThat(request.overrideConfiguration().orElseThrow().apiCallTimeout().orElseThrow())
                .isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(record).isEqualTo(new BlogRecord(ID, "Welcome to the blog", "alice", "Hello", "images/a.png",
                Instant.parse("2025-11-26T10:00:00.123456Z"), Instant.parse("2025-11-26T11:00:00.000001Z"), 3));
    }

    @Test
    void find_whenNoRecords_returnsEmpty() {
        dataApi.answers.add(rows(List.of()));

        assertThat(repository.find(ID, Deadline.after(Duration.ofSeconds(10))).join()).isEmpty();
    }

    @Test
    void list_afterCursor_sendsTimestampAndUuidHintsAndTheLimit() {
        dataApi.answers.add(rows(List.of(row(null))));
        PageCursor cursor = new PageCursor(Instant.parse("2025-11-26T10:00:00.000123Z"), ID);

        List<BlogSummaryRecord> page = repository.list(21, cursor, Deadline.after(Duration.ofSeconds(10))).join();

        ExecuteStatementRequest request = dataApi.requests.get(0);
        assertThat(request.sql()).isEqualTo(RdsDataBlogRepository.LIST_AFTER).contains("left(content, 200)");
        Map<String, SqlParameter> parameters = parameters(request);
        assertThat(parameters.get("after_created_at").typeHint()).isEqualTo(TypeHint.TIMESTAMP);
        assertThat(parameters.get("after_created_at").value().stringValue()).isEqualTo("2025-11-26 10:00:00.000123");
        assertThat(parameters.get("after_id").typeHint()).isEqualTo(TypeHint.UUID);
        assertThat(parameters.get("limit").value().longValue()).isEqualTo(21L);
        assertThat(page).singleElement().extracting(BlogSummaryRecord::imageKey).isNull();
    }

    @Test
    void insert_sendsNullImageKeyAsANullField() {
        dataApi.answers.add(rows(List.of(row(null))));

        repository.insert(new NewBlog(ID, "T", "alice", "C", null), Deadline.after(Duration.ofSeconds(10))).join();

        SqlParameter imageKey = parameters(dataApi.requests.get(0)).get("image_key");
        assertThat(imageKey.value().isNull()).isTrue();
    }

    @Test
    void insert_whenARetriedAttemptFindsItsOwnCommittedRow_returnsThatRow() {
        // The first attempt committed but its answer was lost; the SDK's retry inserts nothing (ON CONFLICT).
        dataApi.answers.add(rows(List.of()));
        dataApi.answers.add(rows(List.of(row("images/a.png"))));

        BlogRecord row = repository.insert(new NewBlog(ID, "Welcome to the blog", "alice", "Hello", "images/a.png"),
                Deadline.after(Duration.ofSeconds(10))).join();

        assertThat(row.id()).isEqualTo(ID);
        assertThat(dataApi.requests.get(0).sql()).contains("ON CONFLICT (id) DO NOTHING");
        assertThat(dataApi.requests.get(1).sql()).isEqualTo(RdsDataBlogRepository.FIND);
    }

    @Test
    void insert_whenTheIdIsHeldByAnotherPost_failsWithoutClaimingAWrite() {
        dataApi.answers.add(rows(List.of()));
        dataApi.answers.add(rows(List.of(row("images/someone-elses.png"))));

        Throwable failure = failureOf(repository.insert(new NewBlog(ID, "T", "alice", "C", "images/a.png"),
                Deadline.after(Duration.ofSeconds(10))));

        assertThat(failure).isInstanceOf(RepositoryException.class).hasMessageContaining(ID.toString());
        assertThat(((RepositoryException) failure).mayHaveApplied()).isFalse();
    }

    @Test
    void update_whenARetriedAttemptFindsItsOwnCommittedWrite_returnsThatRow() {
        // row(...) is version 3: what an update from version 2 with these values leaves.
        dataApi.answers.add(rows(List.of()));
        dataApi.answers.add(rows(List.of(row("images/a.png"))));

        Optional<BlogRecord> updated = repository.update(new BlogUpdate(ID, 2, "Welcome to the blog", "Hello",
                "images/a.png"), Deadline.after(Duration.ofSeconds(10))).join();

        assertThat(updated).hasValueSatisfying(row -> assertThat(row.version()).isEqualTo(3));
        assertThat(dataApi.requests.get(1).sql()).isEqualTo(RdsDataBlogRepository.FIND);
    }

    @Test
    void update_whenAnotherWriteMovedTheVersion_returnsEmpty() {
        dataApi.answers.add(rows(List.of()));
        dataApi.answers.add(rows(List.of(row("images/a.png"))));

        assertThat(repository.update(new BlogUpdate(ID, 2, "My own title", "Hello", "images/a.png"),
                Deadline.after(Duration.ofSeconds(10))).join()).isEmpty();
    }

    @Test
    void update_whenNoRowMatchesTheVersion_returnsEmpty() {
        dataApi.answers.add(rows(List.of()));
        dataApi.answers.add(rows(List.of()));

        assertThat(repository.update(new BlogUpdate(ID, 2, "T", "C", null), Deadline.after(Duration.ofSeconds(10)))
                .join()).isEmpty();
        assertThat(parameters(dataApi.requests.get(0)).get("version").value().longValue()).isEqualTo(2L);
    }

    @Test
    void anyCall_whenDatabaseIsResuming_retriesUntilItAnswers() {
        dataApi.answers.add(DatabaseResumingException.builder().message("resuming").build());
        dataApi.answers.add(DatabaseResumingException.builder().message("resuming").build());
        dataApi.answers.add(rows(List.of(row(null))));

        assertThat(repository.find(ID, Deadline.after(Duration.ofSeconds(10))).join()).isPresent();
        assertThat(dataApi.requests).hasSize(3);
    }

    @Test
    void anyCall_whenDatabaseKeepsResumingPastTheDeadline_failsWithRetryAfter() {
        for (int i = 0; i < 1000; i++) {
            dataApi.answers.add(DatabaseResumingException.builder().message("resuming").build());
        }

        Throwable failure = failureOf(repository.find(ID, Deadline.after(Duration.ofMillis(50))));

        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(((DatabaseUnavailableException) failure).retryAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(dataApi.requests.size()).isLessThan(1000);
    }

    @Test
    void anyCall_whenDeadlineHasAlreadyPassed_doesNotRetry() {
        dataApi.answers.add(DatabaseResumingException.builder().message("resuming").build());

        assertThat(failureOf(repository.find(ID, Deadline.after(Duration.ofMillis(-1)))))
                .isInstanceOf(DatabaseUnavailableException.class);
        assertThat(dataApi.requests).hasSize(1);
    }

    @Test
    void write_whenRejectedByTheDatabase_isKnownNotToHaveApplied() {
        dataApi.answers.add(BadRequestException.builder().message("bad").build());

        Throwable failure = failureOf(repository.insert(new NewBlog(ID, "T", "a", "C", null),
                Deadline.after(Duration.ofSeconds(10))));

        assertThat(failure).isInstanceOf(RepositoryException.class);
        assertThat(((RepositoryException) failure).mayHaveApplied()).isFalse();
        assertThat(dataApi.requests).hasSize(1);
    }

    @Test
    void write_whenTheOutcomeIsUnknown_saysItMayHaveApplied() {
        dataApi.answers.add(StatementTimeoutException.builder().message("timeout").build());

        Throwable failure = failureOf(repository.delete(ID, 1, Deadline.after(Duration.ofSeconds(10))));

        assertThat(((RepositoryException) failure).mayHaveApplied()).isTrue();
    }

    @Test
    void delayMillis_growsExponentiallyWithJitterUpToTheCap() {
        ResumeRetry retry = new ResumeRetry(Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMillis(1));

        for (int i = 0; i < 50; i++) {
            assertThat(retry.delayMillis(0)).isBetween(50L, 100L);
            assertThat(retry.delayMillis(2)).isBetween(200L, 400L);
            assertThat(retry.delayMillis(30)).isBetween(500L, 1000L);
        }
    }
}
