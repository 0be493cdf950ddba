package com.example.blog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

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
    void buildAhead_buildsTheClientsInOrderOnADaemonThreadAndReturnsAtOnce() throws Exception {
        List<String> built = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        Supplier<?> first = () -> {
            awaitQuietly(release);
            return built.add("first " + describe(Thread.currentThread()));
        };
        Supplier<?> second = () -> built.add("second " + describe(Thread.currentThread()));

        Thread thread = ClientFactory.buildAhead(List.of(first, second), "test-build-ahead");

        assertThat(built).isEmpty(); // the caller (the handler's constructor) did not wait
        release.countDown();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(built).containsExactly("first on test-build-ahead (daemon)", "second on test-build-ahead (daemon)");
    }

    @Test
    void buildAhead_whenABuildFails_stopsAndLeavesTheRestToTheRequests() throws Exception {
        List<String> built = new CopyOnWriteArrayList<>();
        Supplier<?> failing = () -> {
            throw new IllegalStateException("Environment variable AWS_REGION is not set");
        };
        Supplier<?> next = () -> built.add("next");

        Thread thread = ClientFactory.buildAhead(List.of(failing, next), "test-build-ahead");
        thread.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(thread.isAlive()).isFalse();
        assertThat(built).isEmpty();
    }

    @Test
    void awaitBuildAhead_returnsOnlyOnceTheBuildAheadHasFinished() {
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch release = new CountDownLatch(1);
        ClientFactory.buildAhead(List.of(() -> {
            awaitQuietly(release);
            finished.set(true);
            return null;
        }), "test-build-ahead");
        Thread releaser = new Thread(() -> {
            sleepQuietly(200);
            release.countDown();
        });
        releaser.start();

        ClientFactory.awaitBuildAhead();

        assertThat(finished).isTrue();
    }

    private static String describe(Thread thread) {
        return "on " + thread.getName() + (thread.isDaemon() ? " (daemon)" : "");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
