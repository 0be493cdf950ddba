package com.example.blog.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.auth.JwtAuthorizer;
import com.example.blog.local.auth.LocalJwtIssuer;
import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.runtime.ProbeArtifact;
import com.example.blog.local.template.HttpRoute;

/**
 * What the gateway does with clients that misbehave at the HTTP level, spoken to over raw sockets: stalled headers and
 * bodies are cut off after the idle timeout, an announced body over the limit is refused before it is read, the
 * threads stay bounded, and its own errors are API Gateway's JSON.
 */
class GatewayConnectionsIT {

    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_THREADS = 12;

    @TempDir
    Path directory;

    private LocalLambda lambda;
    private HttpApiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        lambda = ProbeArtifact.lambda(directory, 1, line -> { });
        LocalJwtIssuer issuer = LocalJwtIssuer.open(directory.resolve("jwt"));
        gateway = HttpApiGateway.start("127.0.0.1", 0, new RouteTable(List.of(
                        new HttpRoute("POST", "/public/{action}", "Probe", Optional.empty(), List.of()))),
                new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE), lambda,
                new PayloadV2.ApiIdentity("000000000000", "testapi"), HttpApiGateway.INTEGRATION_TIMEOUT,
                new HttpApiGateway.Limits(IDLE, BODY_TIMEOUT, MAX_THREADS));
    }

    @AfterEach
    void stop() {
        gateway.close();
        lambda.close();
    }

    @Test
    void stalledHeaders_closeTheConnectionAfterTheIdleTimeout() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /public/echo HTTP/1.1\r\nHost: local\r\nX-Half: ");

            assertThat(readUntilClosed(socket)).as("closed by the gateway, not by the test's own limit").isNotNull();
        }
    }

    @Test
    void stalledBody_closesTheConnectionAfterTheIdleTimeout_withoutInvokingAnything() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /public/echo HTTP/1.1\r\nHost: local\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 100\r\n\r\n0123456789");

            String answer = readUntilClosed(socket);

            assertThat(answer).as("cut off without an answer").isEmpty();
        }
    }

    @Test
    void tricklingBody_isCutOffAtTheBodyTimeout_thoughNeverIdleForLong() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /public/echo HTTP/1.1\r\nHost: local\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 1000\r\n\r\n");
            long started = System.nanoTime();
            boolean cutOff = false;
            // One byte every 300 ms: never idle for the idle timeout, far too slow to finish.
            for (int i = 0; i < 100 && !cutOff; i++) {
                try {
                    send(socket, "x");
                    Thread.sleep(300);
                } catch (IOException e) {
                    cutOff = true;
                }
                if (socket.getInputStream().available() > 0) {
                    cutOff = true;
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertThat(cutOff || readUntilClosed(socket) != null).isTrue();
            assertThat(seconds).as("cut off by the body timeout, long before 1000 bytes at 3 per second")
                    .isLessThan(25);
        }
    }

    @Test
    void announcedBodyOverTheLimit_isRefusedAt413BeforeItIsSent() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /public/echo HTTP/1.1\r\nHost: local\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 1000000000000\r\n\r\n");

            String answer = readUntilClosed(socket);

            assertThat(answer).startsWith("HTTP/1.1 413").contains("{\"message\":\"Request Entity Too Large\"}");
        }
    }

    @Test
    void manyStalledClients_holdAtMostTheBoundedThreads_andAllAreCutOff() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                Socket socket = connect();
                sockets.add(socket);
                send(socket, "POST /public/echo HTTP/1.1\r\nHost: local\r\nContent-Length: 50\r\n\r\nabc");
            }
            Thread.sleep(300);
            assertThat(gatewayThreads()).isLessThanOrEqualTo(MAX_THREADS);
            for (Socket socket : sockets) {
                assertThat(readUntilClosed(socket)).isNotNull();
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(gatewayThreads()).isLessThanOrEqualTo(MAX_THREADS);
    }

    @Test
    void malformedUri_isApiGatewaysJson400_notAnHtmlPage() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /blogs/%zz HTTP/1.1\r\nHost: local\r\n\r\n");

            String answer = readUntilClosed(socket);

            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
                    .contains("{\"message\":\"Bad Request\"}").doesNotContainIgnoringCase("<html");
        }
    }

    @Test
    void malformedHeader_isApiGatewaysJson400() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /public/echo HTTP/1.1\r\nHost: local\r\nNo colon here\r\n\r\n");

            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 400")
                    .contains("{\"message\":\"Bad Request\"}");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.url().getPort());
        // Far beyond the gateway's idle timeout: if this fires, the gateway kept the connection open.
        socket.setSoTimeout((int) IDLE.multipliedBy(15).toMillis());
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the gateway sends until it closes the connection; null when it kept it open past the limit. */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            // Reset by the gateway: closed as well.
        }
        return text.toString();
    }

    private static long gatewayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("gateway")).count();
    }
}
