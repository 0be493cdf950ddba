package com.example.blog.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import com.example.blog.local.DaemonThreads;
import com.example.blog.local.HttpServers;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment: the endpoint a runtime such as the
 * runtime interface client polls for events and posts results to.
 *
 * <p>One server per instance, as on Lambda, where each sandbox has its own {@code AWS_LAMBDA_RUNTIME_API}: the
 * protocol has no notion of which environment is asking, so the address is what keeps instances apart.
 *
 * <p>Any number of runtime threads may long-poll {@code /invocation/next} at once (Lambda Managed Instances runs
 * {@code AWS_LAMBDA_MAX_CONCURRENCY} of them); each queued event goes to exactly one of them, and each answer is
 * matched to its event by request id.
 */
final class RuntimeApiServer implements AutoCloseable {

    /** Lambda's synchronous invocation payload limit, for requests and responses alike. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private static final String BASE = "/2018-06-01/runtime/";
    private static final PendingInvocation CLOSED = new PendingInvocation("closed", new byte[0], 0, null);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Listener listener;
    private final String functionArn;
    private final BlockingQueue<PendingInvocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, PendingInvocation> delivered = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What the instance hears from its runtime. */
    interface Listener {
        /** The runtime asked for an event: its first call ends the init phase. */
        void nextRequested();

        /** The event was handed to the runtime; its deadline now runs. */
        void delivered(PendingInvocation invocation);

        /** The runtime could not initialise (it exits right after). */
        void initError(String errorType, byte[] document);
    }

    private RuntimeApiServer(HttpServer server, ExecutorService executor, Listener listener, String functionArn) {
        this.server = server;
        this.executor = executor;
        this.listener = listener;
        this.functionArn = functionArn;
    }

    static RuntimeApiServer start(String name, String functionArn, Listener listener) throws IOException {
        // Under Managed Instances' concurrency the runtime opens one connection per runtime loop, all at start-up.
        HttpServer server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                RuntimeSettings.MAX_CONCURRENCY_LIMIT);
        // A long poll holds its thread until an event comes, so the pool must not be bounded by the poll.
        ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("runtime-api-" + name));
        server.setExecutor(executor);
        RuntimeApiServer api = new RuntimeApiServer(server, executor, listener, functionArn);
        server.createContext(BASE, api::handle);
        server.start();
        return api;
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the runtime's next (or current) long poll receives it. */
    void enqueue(PendingInvocation invocation) {
        queue.add(invocation);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                result(exchange, path.substring("invocation/".length(), path.length() - "/response".length()), null);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                String errorType = Optional.ofNullable(
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")).orElse("Unhandled");
                result(exchange, path.substring("invocation/".length(), path.length() - "/error".length()),
                        errorType);
            } else if (method.equals("POST") && path.equals("init/error")) {
                String errorType = Optional.ofNullable(
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")).orElse("Unknown");
                listener.initError(errorType, readBody(exchange, MAX_PAYLOAD_BYTES));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"Unknown resource\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        listener.nextRequested();
        PendingInvocation invocation;
        try {
            invocation = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            invocation = CLOSED;
        }
        if (invocation == CLOSED) {
            queue.add(CLOSED);
            respond(exchange, 500, "{\"errorMessage\":\"The execution environment is shutting down\","
                    + "\"errorType\":\"ServiceException\"}");
            return;
        }
        invocation.markDelivered();
        delivered.put(invocation.requestId(), invocation);
        listener.delivered(invocation);
        var headers = exchange.getResponseHeaders();
        // The runtime interface client's native HTTP client aborts the process on a response without it.
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId());
        exchange.sendResponseHeaders(200, invocation.payload().length == 0 ? -1 : invocation.payload().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(invocation.payload());
        }
    }

    private void result(HttpExchange exchange, String requestId, String errorType) throws IOException {
        PendingInvocation invocation = delivered.remove(requestId);
        if (invocation == null) {
            respond(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        byte[] body = readBody(exchange, MAX_PAYLOAD_BYTES);
        if (body == null) {
            invocation.answer(PendingInvocation.Answer.responseTooLarge());
            respond(exchange, 413, "{\"errorMessage\":\"Exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES
                    + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
            return;
        }
        invocation.answer(errorType == null
                ? PendingInvocation.Answer.response(body) : PendingInvocation.Answer.error(errorType, body));
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** The body, or null when it is longer than {@code limit}. */
    private static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
            return body;
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    /** Stops serving; a runtime still polling gets an error, which the runtime client treats as fatal. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(CLOSED);
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
