package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DelayProxyTest {

    @Test
    void isOnlyInterim_aLoneContinueHead_isInterim() {
        byte[] head = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(DelayProxy.isOnlyInterim(head, head.length)).isTrue();
    }

    @Test
    void isOnlyInterim_aContinueHeadFollowedByTheFinalResponse_isNot() {
        byte[] bytes = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(DelayProxy.isOnlyInterim(bytes, bytes.length)).isFalse();
    }

    @Test
    void isOnlyInterim_aFinalResponse_isNot() {
        byte[] bytes = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(DelayProxy.isOnlyInterim(bytes, bytes.length)).isFalse();
    }
}
