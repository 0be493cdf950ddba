package com.example.blog.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
}
