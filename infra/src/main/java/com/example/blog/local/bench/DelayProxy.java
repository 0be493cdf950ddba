package com.example.blog.local.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a local HTTP/1.1 endpoint that holds every request back for a configurable delay and
 * records, per call, when its first request byte arrived and when its last response byte left.
 *
 * <p>It works on bytes, not on HTTP messages, so SigV4 signatures (which cover the {@code Host} header) stay valid:
 * clients sign for the proxy's address and the endpoint sees exactly that. A call starts with the first request
 * byte on an idle connection; it ends with the last response byte before the next request on that connection.
 * Interim {@code 100 Continue} responses do not end a call, so an upload with {@code Expect: 100-continue} is one
 * call and is delayed once.
 */
final class DelayProxy implements AutoCloseable {

    private static final byte[] CONTINUE = "HTTP/1.1 100".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;
    private volatile boolean closed;

    private DelayProxy(ServerSocket server, InetSocketAddress upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    /** Starts a proxy on a free loopback port in front of {@code endpoint} (an {@code http://host:port} URL). */
    static DelayProxy start(URI endpoint, String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        DelayProxy proxy = new DelayProxy(server, new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
        Thread acceptor = new Thread(proxy::accept, "delay-proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    void delayMillis(long value) {
        delayMillis = value;
    }

    /** The calls that started at or after {@code fromNanos} ({@link System#nanoTime()}), oldest first. */
    List<Call> callsSince(long fromNanos) {
        List<Call> result = new ArrayList<>();
        for (Call call : calls) {
            if (call.startNanos >= fromNanos) {
                result.add(call);
            }
        }
        return result;
    }

    /** Forgets the calls recorded so far. */
    void clear() {
        calls.clear();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                client.setTcpNoDelay(true);
                Socket backend = new Socket();
                sockets.add(client);
                sockets.add(backend);
                backend.connect(upstream, 5000);
                backend.setTcpNoDelay(true);
                Connection connection = new Connection();
                start(() -> requests(connection, client, backend));
                start(() -> responses(connection, backend, client));
            } catch (IOException e) {
                // The endpoint behind is gone: the client sees its connection closed, as it would without the proxy.
                closeQuietly(client);
            }
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "delay-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void requests(Connection connection, Socket client, Socket backend) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = backend.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (connection.requestStarts()) {
                    long delay = delayMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The other side closed; the pump in the other direction notices too.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(backend);
        }
    }

    private void responses(Connection connection, Socket backend, Socket client) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = backend.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                connection.responded(!isOnlyInterim(buffer, n));
            }
        } catch (IOException e) {
            // The other side closed.
        } finally {
            closeQuietly(client);
            closeQuietly(backend);
        }
    }

    /** Whether the bytes are exactly one interim {@code 100 Continue} response head. */
    static boolean isOnlyInterim(byte[] data, int length) {
        if (length < CONTINUE.length) {
            return false;
        }
        for (int i = 0; i < CONTINUE.length; i++) {
            if (data[i] != CONTINUE[i]) {
                return false;
            }
        }
        for (int i = CONTINUE.length; i + 3 < length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i + 4 == length;
            }
        }
        return true;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(DelayProxy::closeQuietly);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    /** One request and its response, in {@link System#nanoTime()} units. */
    static final class Call {
        private final long startNanos;
        private volatile long endNanos;

        Call(long startNanos) {
            this.startNanos = startNanos;
            this.endNanos = startNanos;
        }

        long startNanos() {
            return startNanos;
        }

        long endNanos() {
            return endNanos;
        }

        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    /** Where a connection is in its request/response cycle. */
    private final class Connection {
        private Call current;
        private boolean responding = true;

        /** Called for request bytes; true when they open a new call. */
        synchronized boolean requestStarts() {
            if (!responding) {
                return false;
            }
            responding = false;
            current = new Call(System.nanoTime());
            calls.add(current);
            return true;
        }

        synchronized void responded(boolean finalResponse) {
            if (current != null && finalResponse) {
                responding = true;
                current.endNanos = System.nanoTime();
            }
        }
    }
}
