package com.example.blog.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.RdsDataException;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/**
 * The synchronous SDK client with nothing set but what any user sets (endpoint, region, credentials), sending what
 * ORMs for the Data API send: parameters named by position ({@code :0}, {@code :1}, ...).
 */
class DefaultRdsDataClientIT {

    private static DataApiServer server;
    private static RdsDataClient client;

    @BeforeAll
    static void start() {
        server = DataApiClients.startServer();
        client = RdsDataClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        DataApiSettings.DEFAULT_ACCESS_KEY_ID, DataApiSettings.DEFAULT_SECRET_ACCESS_KEY)))
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void executeStatement_withParametersNamedByDigits_bindsThem() {
        ExecuteStatementResponse response = execute("select :1::int as one, :0 as zero, :10 || '' as ten",
                param("0", Field.builder().stringValue("first").build()),
                param("1", Field.builder().longValue(1L).build()),
                param("10", Field.builder().stringValue("tenth").build()));

        assertThat(response.records().get(0)).containsExactly(Field.builder().longValue(1L).build(),
                Field.builder().stringValue("first").build(), Field.builder().stringValue("tenth").build());
    }

    @Test
    void executeStatement_digitNamedParameterUsedTwiceAndCast_bindsEachOccurrence() {
        ExecuteStatementResponse response = execute("select :0::int + :0::int, (array[1,2,3])[2:3]",
                param("0", Field.builder().longValue(21L).build()));

        assertThat(response.records().get(0).get(0)).isEqualTo(Field.builder().longValue(42L).build());
        assertThat(response.records().get(0).get(1).arrayValue().longValues()).containsExactly(2L, 3L);
    }

    @Test
    void executeStatement_signedWithAnotherSecretKey_raisesInvalidSignature() {
        try (RdsDataClient forger = RdsDataClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        DataApiSettings.DEFAULT_ACCESS_KEY_ID, "wrong-secret")))
                .build()) {
            assertThatThrownBy(() -> forger.executeStatement(request -> request.resourceArn(server.clusterArn())
                    .secretArn(server.secretArn()).sql("select 1")))
                    .isInstanceOfSatisfying(RdsDataException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    private static ExecuteStatementResponse execute(String sql, SqlParameter... parameters) {
        return client.executeStatement(request -> request.resourceArn(server.clusterArn())
                .secretArn(server.secretArn()).database(server.database()).sql(sql).parameters(List.of(parameters)));
    }

    private static SqlParameter param(String name, Field value) {
        return SqlParameter.builder().name(name).value(value).build();
    }
}
