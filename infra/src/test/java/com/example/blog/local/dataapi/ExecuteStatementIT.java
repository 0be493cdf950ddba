package com.example.blog.local.dataapi;

import static com.example.blog.local.dataapi.DataApiClients.execute;
import static com.example.blog.local.dataapi.DataApiClients.longField;
import static com.example.blog.local.dataapi.DataApiClients.param;
import static com.example.blog.local.dataapi.DataApiClients.stringField;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;

class ExecuteStatementIT {

    private static DataApiServer server;
    private static RdsDataAsyncClient client;

    @BeforeAll
    static void start() {
        server = DataApiServer.start(DataApiSettings.builder(SharedDatabase.get().dataSource()).build());
        client = DataApiClients.client(server);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void executeStatement_selectOne_returnsLongValue() {
        ExecuteStatementResponse response = execute(client, server, "select 1");

        assertThat(response.records()).containsExactly(List.of(Field.builder().longValue(1L).build()));
        assertThat(response.numberOfRecordsUpdated()).isZero();
    }

    @Test
    void executeStatement_withNamedParameters_bindsThemByName() {
        ExecuteStatementResponse response = execute(client, server, "select :b::int + :a, :name || '!'",
                param("a", longField(40)), param("b", longField(2)), param("name", stringField("hi")));

        assertThat(response.records().get(0)).containsExactly(Field.builder().longValue(42L).build(),
                Field.builder().stringValue("hi!").build());
    }
}
