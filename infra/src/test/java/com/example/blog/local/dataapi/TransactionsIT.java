package com.example.blog.local.dataapi;

import static com.example.blog.local.dataapi.DataApiClients.activeQueries;
import static com.example.blog.local.dataapi.DataApiClients.begin;
import static com.example.blog.local.dataapi.DataApiClients.execute;
import static com.example.blog.local.dataapi.DataApiClients.failure;
import static com.example.blog.local.dataapi.DataApiClients.longField;
import static com.example.blog.local.dataapi.DataApiClients.param;
import static com.example.blog.local.dataapi.DataApiClients.statement;
import static com.example.blog.local.dataapi.DataApiClients.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.DatabaseErrorException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.RollbackTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.RollbackTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.TransactionNotFoundException;

/** Transactions by id: commit, rollback, isolation, expiry, and what happens to ended or failed ones. */
class TransactionsIT {

    private static DataApiServer server;
    private static RdsDataAsyncClient client;

    @BeforeAll
    static void start() {
        server = DataApiClients.startServer();
        client = DataApiClients.client(server);
        execute(client, server, "create table if not exists ledger (id int8 primary key, note text)");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void emptyLedger() {
        execute(client, server, "delete from ledger");
    }

    @Test
    void commitTransaction_makesTheWritesVisibleToOthers() {
        String id = begin(client, server);
        executeIn(id, "insert into ledger (id) values (1)");

        assertThat(count()).as("invisible outside before commit").isZero();
        CommitTransactionResponse committed = client.commitTransaction(CommitTransactionRequest.builder()
                .resourceArn(server.clusterArn()).secretArn(server.secretArn()).transactionId(id).build()).join();

        assertThat(committed.transactionStatus()).isEqualTo("Transaction Committed");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void rollbackTransaction_discardsTheWrites() {
        String id = begin(client, server);
        executeIn(id, "insert into ledger (id) values (1)");

        RollbackTransactionResponse rolledBack = rollback(id);

        assertThat(rolledBack.transactionStatus()).isEqualTo("Rollback Complete");
        assertThat(count()).isZero();
    }

    @Test
    void transactions_areIsolatedFromEachOther() {
        String first = begin(client, server);
        String second = begin(client, server);
        executeIn(first, "insert into ledger (id, note) values (1, 'first')");
        executeIn(second, "insert into ledger (id, note) values (2, 'second')");

        assertThat(countIn(first)).isEqualTo(1);
        assertThat(countIn(second)).isEqualTo(1);
        rollback(second);
        commit(first);

        assertThat(execute(client, server, "select note from ledger").records())
                .containsExactly(List.of(DataApiClients.stringField("first")));
    }

    @Test
    void batchExecuteStatement_inATransaction_isRolledBackWithIt() {
        String id = begin(client, server);
        client.batchExecuteStatement(BatchExecuteStatementRequest.builder().resourceArn(server.clusterArn())
                .secretArn(server.secretArn()).transactionId(id).sql("insert into ledger (id) values (:id)")
                .parameterSets(List.of(param("id", longField(1))), List.of(param("id", longField(2)))).build())
                .join();
        assertThat(countIn(id)).isEqualTo(2);

        rollback(id);

        assertThat(count()).isZero();
    }

    @Test
    void commitTransaction_twice_raisesTransactionNotFound() {
        String id = begin(client, server);
        commit(id);

        Throwable error = failure(() -> commit(id));

        assertThat(error).isInstanceOf(TransactionNotFoundException.class)
                .hasMessageContaining("Transaction " + id + " is not found");
        assertThat(((TransactionNotFoundException) error).statusCode()).isEqualTo(404);
    }

    @Test
    void executeStatement_withUnknownTransactionId_raisesTransactionNotFound() {
        Throwable error = failure(() -> executeIn("bm90LWEtdHJhbnNhY3Rpb24=", "select 1"));

        assertThat(error).isInstanceOf(TransactionNotFoundException.class).hasMessageContaining("is not found");
    }

    @Test
    void executeStatement_thatFailsInATransaction_abortsTheTransaction() {
        String id = begin(client, server);
        executeIn(id, "insert into ledger (id) values (1)");

        Throwable failed = failure(() -> executeIn(id, "insert into ledger (id) values (1)"));
        Throwable after = failure(() -> executeIn(id, "select 1"));

        assertThat(failed).isInstanceOf(DatabaseErrorException.class).hasMessageContaining("SQLState: 23505");
        assertThat(after).isInstanceOf(TransactionNotFoundException.class)
                .hasMessageContaining("aborted due to an error");
        assertThat(count()).isZero();
        assertThat(server.openTransactions()).isZero();
    }

    @Test
    void executeStatement_whileTheTransactionRunsAnotherCall_isRefused() throws Exception {
        String id = begin(client, server);
        CompletableFuture<ExecuteStatementResponse> slow = client.executeStatement(statement(server,
                "select pg_sleep(2), 'tx-busy-marker'").transactionId(id).build());
        waitUntil(() -> activeQueries("tx-busy-marker") > 0);

        Throwable error = failure(() -> executeIn(id, "select 1"));

        assertThat(error).isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("Transaction is still running a query");
        assertThat(slow.join().records()).hasSize(1);
        assertThat(countIn(id)).isZero();
        rollback(id);
    }

    @Test
    void statementTimeoutOfPostgres_raisesStatementTimeout() {
        String id = begin(client, server);
        executeIn(id, "set local statement_timeout = '100ms'");

        Throwable error = failure(() -> executeIn(id, "select pg_sleep(10)"));

        assertThat(error).isInstanceOf(StatementTimeoutException.class)
                .hasMessageContaining("canceling statement due to statement timeout");
    }

    @Test
    void transaction_idleLongerThanTheTimeout_isRolledBackAndForgotten() {
        MutableClock clock = new MutableClock();
        try (DataApiServer expiring = DataApiServer.start(server.settings(), clock);
                RdsDataAsyncClient expiringClient = DataApiClients.client(expiring)) {
            String id = begin(expiringClient, expiring);
            expiringClient.executeStatement(statement(expiring, "insert into ledger (id) values (7)")
                    .transactionId(id).build()).join();

            clock.advance(Duration.ofMinutes(3));
            expiring.expireTransactions();
            Throwable error = failure(() -> expiringClient.executeStatement(statement(expiring, "select 1")
                    .transactionId(id).build()).join());

            assertThat(expiring.openTransactions()).isZero();
            assertThat(error).isInstanceOf(TransactionNotFoundException.class).hasMessageContaining("expired");
            assertThat(count()).isZero();
        }
    }

    @Test
    void transaction_inUse_isKeptOpenByEachCall() {
        MutableClock clock = new MutableClock();
        try (DataApiServer expiring = DataApiServer.start(server.settings(), clock);
                RdsDataAsyncClient expiringClient = DataApiClients.client(expiring)) {
            String id = begin(expiringClient, expiring);
            for (int call = 0; call < 3; call++) {
                clock.advance(Duration.ofMinutes(2));
                expiring.expireTransactions();
                expiringClient.executeStatement(statement(expiring, "select 1").transactionId(id).build()).join();
            }

            clock.advance(Duration.ofSeconds(179));
            expiring.expireTransactions();

            assertThat(expiring.openTransactions()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            expiring.expireTransactions();
            assertThat(expiring.openTransactions()).isZero();
        }
    }

    @Test
    void transaction_olderThanTheMaximumLifetime_isRolledBack() {
        MutableClock clock = new MutableClock();
        // An idle timeout beyond a day isolates the 24-hour lifetime limit.
        try (DataApiServer expiring = DataApiServer.start(server.settings().toBuilder()
                .transactionIdleTimeout(Duration.ofHours(30)).build(), clock);
                RdsDataAsyncClient expiringClient = DataApiClients.client(expiring)) {
            String id = begin(expiringClient, expiring);
            clock.advance(Duration.ofHours(23));
            expiringClient.executeStatement(statement(expiring, "select 1").transactionId(id).build()).join();
            expiring.expireTransactions();
            assertThat(expiring.openTransactions()).isEqualTo(1);

            clock.advance(Duration.ofHours(1));
            expiring.expireTransactions();

            Throwable error = failure(() -> expiringClient.executeStatement(statement(expiring, "select 1")
                    .transactionId(id).build()).join());
            assertThat(error).isInstanceOf(TransactionNotFoundException.class)
                    .hasMessageContaining("maximum lifetime");
        }
    }

    @Test
    void close_rollsBackOpenTransactions() {
        DataApiServer closing = DataApiServer.start(server.settings());
        try (RdsDataAsyncClient closingClient = DataApiClients.client(closing)) {
            String id = begin(closingClient, closing);
            closingClient.executeStatement(statement(closing, "insert into ledger (id) values (9)")
                    .transactionId(id).build()).join();
        } finally {
            closing.close();
        }

        assertThat(count()).isZero();
        // An uncommitted row is invisible either way; the key being free proves the transaction is gone. Were it
        // still open, this insert would wait on its row lock until the request timed out.
        execute(client, server, "insert into ledger (id) values (9)");
        assertThat(count()).isEqualTo(1);
    }

    private static ExecuteStatementResponse executeIn(String transactionId, String sql) {
        return client.executeStatement(statement(server, sql).transactionId(transactionId).build()).join();
    }

    private static void commit(String id) {
        client.commitTransaction(CommitTransactionRequest.builder().resourceArn(server.clusterArn())
                .secretArn(server.secretArn()).transactionId(id).build()).join();
    }

    private static RollbackTransactionResponse rollback(String id) {
        return client.rollbackTransaction(RollbackTransactionRequest.builder().resourceArn(server.clusterArn())
                .secretArn(server.secretArn()).transactionId(id).build()).join();
    }

    private static long count() {
        return execute(client, server, "select count(*) from ledger").records().get(0).get(0).longValue();
    }

    private static long countIn(String id) {
        return executeIn(id, "select count(*) from ledger").records().get(0).get(0).longValue();
    }
}
