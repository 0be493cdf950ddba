package com.example.blog.local.dataapi;

import static com.example.blog.local.dataapi.DataApiClients.execute;
import static com.example.blog.local.dataapi.DataApiClients.longField;
import static com.example.blog.local.dataapi.DataApiClients.param;
import static com.example.blog.local.dataapi.DataApiClients.statement;
import static com.example.blog.local.dataapi.DataApiClients.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;

/** Many calls at once: each gets its own answer, and a call blocked in the database holds up no other. */
class ConcurrencyIT {

    private static DataApiServer server;
    private static RdsDataAsyncClient client;

    @BeforeAll
    static void start() {
        server = DataApiClients.startServer();
        client = DataApiClients.client(server);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void executeStatement_manyAtOnce_eachGetsItsOwnResult() {
        List<CompletableFuture<ExecuteStatementResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(client.executeStatement(statement(server, "select :i * 2, pg_sleep(0.01)",
                    param("i", longField(i))).build()));
        }

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).join().records().get(0).get(0).longValue()).isEqualTo(i * 2L);
        }
    }

    @Test
    void executeStatement_blockedOnARowLock_doesNotHoldUpOtherCalls() throws Exception {
        execute(client, server, "create table if not exists contended (id int8 primary key, n int8)");
        execute(client, server, "insert into contended values (1, 0) on conflict (id) do update set n = 0");
        String holder = DataApiClients.begin(client, server);
        client.executeStatement(statement(server, "select n from contended where id = 1 for update")
                .transactionId(holder).build()).join();

        CompletableFuture<ExecuteStatementResponse> blocked = client.executeStatement(statement(server,
                "update contended set n = n + 1 where id = 1 /* blocked-marker */").build());
        waitUntil(() -> DataApiClients.activeQueries("blocked-marker") > 0);

        ExecuteStatementResponse other = execute(client, server, "select 1");

        assertThat(other.records()).hasSize(1);
        assertThat(blocked).as("still waiting for the row lock").isNotDone();
        client.commitTransaction(CommitTransactionRequest.builder().resourceArn(server.clusterArn())
                .secretArn(server.secretArn()).transactionId(holder).build()).join();
        assertThat(blocked.join().numberOfRecordsUpdated()).isEqualTo(1);
    }
}
