package com.example.blog.local.dataapi;

import static com.example.blog.local.dataapi.DataApiClients.execute;
import static com.example.blog.local.dataapi.DataApiClients.failure;
import static com.example.blog.local.dataapi.DataApiClients.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;

/** The auto-pause mode: an idle cluster pauses, and the calls that wake it are refused until it has resumed. */
class AutoPauseIT {

    private static DataApiServer start(Duration pauseAfter, Duration resume) {
        return DataApiServer.start(DataApiClients.settings()
                .autoPauseAfter(pauseAfter).resumeDuration(resume).build());
    }

    @Test
    void executeStatement_afterIdleTime_raisesDatabaseResumingUntilResumed() throws Exception {
        try (DataApiServer server = start(Duration.ofMillis(300), Duration.ofMillis(700));
                RdsDataAsyncClient client = DataApiClients.client(server)) {
            waitUntil(() -> server.pauseState().equals("PAUSED"));

            Throwable waking = failure(() -> execute(client, server, "select 1"));

            assertThat(waking).isInstanceOf(DatabaseResumingException.class)
                    .hasMessageContaining("is resuming after being auto-paused");
            assertThat(((DatabaseResumingException) waking).statusCode()).isEqualTo(400);
            assertThat(server.pauseState()).isIn("RESUMING", "ACTIVE");

            waitUntil(() -> server.pauseState().equals("ACTIVE"));
            assertThat(execute(client, server, "select 1").records()).hasSize(1);
        }
    }

    @Test
    void beginTransaction_whilePaused_raisesDatabaseResuming() throws Exception {
        try (DataApiServer server = start(Duration.ofMillis(200), Duration.ofSeconds(30));
                RdsDataAsyncClient client = DataApiClients.client(server)) {
            waitUntil(() -> server.pauseState().equals("PAUSED"));

            Throwable error = failure(() -> DataApiClients.begin(client, server));

            assertThat(error).isInstanceOf(DatabaseResumingException.class);
            assertThat(failure(() -> execute(client, server, "select 1")))
                    .as("still resuming").isInstanceOf(DatabaseResumingException.class);
        }
    }

    @Test
    void openTransaction_keepsTheClusterFromPausing() {
        MutableClock clock = new MutableClock();
        try (DataApiServer server = DataApiServer.start(DataApiClients.settings()
                .autoPauseAfter(Duration.ofMinutes(5)).resumeDuration(Duration.ofSeconds(15))
                .transactionIdleTimeout(Duration.ofHours(1)).build(), clock);
                RdsDataAsyncClient client = DataApiClients.client(server)) {
            String id = DataApiClients.begin(client, server);

            clock.advance(Duration.ofMinutes(30));
            // The transaction's connection keeps the instance up, as on Aurora.
            assertThat(server.pauseState()).isEqualTo("ACTIVE");

            client.commitTransaction(CommitTransactionRequest.builder().resourceArn(server.clusterArn())
                    .secretArn(server.secretArn()).transactionId(id).build()).join();
            clock.advance(Duration.ofMinutes(4));
            assertThat(server.pauseState()).isEqualTo("ACTIVE");
            clock.advance(Duration.ofMinutes(1));
            assertThat(server.pauseState()).isEqualTo("PAUSED");
        }
    }

    @Test
    void resumedCluster_pausesAgainAfterIdleTime() {
        MutableClock clock = new MutableClock();
        try (DataApiServer server = DataApiServer.start(DataApiClients.settings()
                .autoPauseAfter(Duration.ofMinutes(5)).resumeDuration(Duration.ofSeconds(15)).build(), clock);
                RdsDataAsyncClient client = DataApiClients.client(server)) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(failure(() -> execute(client, server, "select 1")))
                    .isInstanceOf(DatabaseResumingException.class);
            clock.advance(Duration.ofSeconds(14));
            assertThat(failure(() -> execute(client, server, "select 1")))
                    .isInstanceOf(DatabaseResumingException.class);

            clock.advance(Duration.ofSeconds(1));
            assertThat(execute(client, server, "select 1").records()).hasSize(1);
            clock.advance(Duration.ofMinutes(5));
            assertThat(server.pauseState()).isEqualTo("PAUSED");
        }
    }

    @Test
    void autoPause_isOffByDefault() {
        MutableClock clock = new MutableClock();
        try (DataApiServer server = DataApiServer.start(DataApiClients.settings()
                .build(), clock); RdsDataAsyncClient client = DataApiClients.client(server)) {
            clock.advance(Duration.ofDays(7));

            assertThat(server.pauseState()).isEqualTo("ACTIVE");
            assertThat(execute(client, server, "select 1").records()).hasSize(1);
        }
    }
}
