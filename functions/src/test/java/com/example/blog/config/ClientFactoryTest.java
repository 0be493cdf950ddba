package com.example.blog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

class ClientFactoryTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(ClientFactory.CRT_LIBC_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(ClientFactory.CRT_LIBC_PROPERTY);
        } else {
            System.setProperty(ClientFactory.CRT_LIBC_PROPERTY, saved);
        }
    }

    @Test
    void declareCRuntime_whenUnset_namesGlibcLikeTheBundledNativeLibraries() {
        System.clearProperty(ClientFactory.CRT_LIBC_PROPERTY);

        ClientFactory.declareCRuntime();

        assertThat(System.getProperty(ClientFactory.CRT_LIBC_PROPERTY)).isEqualTo("glibc");
    }

    @Test
    void declareCRuntime_whenSetExplicitly_keepsTheExplicitValue() {
        System.setProperty(ClientFactory.CRT_LIBC_PROPERTY, "musl");

        ClientFactory.declareCRuntime();

        assertThat(System.getProperty(ClientFactory.CRT_LIBC_PROPERTY)).isEqualTo("musl");
    }

    @Test
    void maxConnections_growsWithManagedInstancesConcurrencyWithinBounds() {
        assertThat(ClientFactory.maxConnections(null)).isEqualTo(ClientFactory.MIN_CONNECTIONS);
        assertThat(ClientFactory.maxConnections("1")).isEqualTo(ClientFactory.MIN_CONNECTIONS);
        assertThat(ClientFactory.maxConnections("32")).isEqualTo(32 * ClientFactory.CALLS_PER_INVOCATION);
        assertThat(ClientFactory.maxConnections("1600")).isEqualTo(ClientFactory.MAX_CONNECTIONS);
        assertThat(ClientFactory.maxConnections("many")).isEqualTo(ClientFactory.MIN_CONNECTIONS);
    }

    @Test
    void credentialsProvider_withoutContainerEndpoint_resolvesTheKeysOfItsOwnEnvironment() {
        ClientFactory clients = new ClientFactory(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token"));

        assertThat(clients.credentialsProvider().resolveCredentials()).isInstanceOfSatisfying(
                AwsSessionCredentials.class, credentials -> {
                    assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
                    assertThat(credentials.secretAccessKey()).isEqualTo("secret");
                    assertThat(credentials.sessionToken()).isEqualTo("token");
                });
    }

    @Test
    void credentialsProvider_withoutKeys_failsWhenAskedNamingTheVariables() {
        ClientFactory clients = new ClientFactory(Map.of());

        assertThatThrownBy(() -> clients.credentialsProvider().resolveCredentials())
                .isInstanceOf(SdkClientException.class).hasMessageContaining("AWS_ACCESS_KEY_ID");
    }

    @Test
    void rdsDataClient_withoutRegion_failsNamingTheVariable() {
        ClientFactory clients = new ClientFactory(Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"));

        assertThatThrownBy(clients::rdsDataClient).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_REGION");
        assertThat(clients.s3ClientIfBuilt()).isEmpty();
    }
}
