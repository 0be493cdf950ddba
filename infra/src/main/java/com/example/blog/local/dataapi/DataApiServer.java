package com.example.blog.local.dataapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import com.example.blog.local.DaemonThreads;
import com.example.blog.local.HttpServers;
import com.example.blog.local.sigv4.SigV4;

/**
 * A local endpoint of the Amazon RDS Data API (REST-JSON, the operations ExecuteStatement, BatchExecuteStatement,
 * BeginTransaction, CommitTransaction and RollbackTransaction) over a PostgreSQL database, close enough to the
 * service that the AWS SDKs and the AWS CLI work against it unchanged, errors included.
 */
public final class DataApiServer implements AutoCloseable {

    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final DataApiSettings settings;
    private final HttpServer http;
    private final ThreadPoolExecutor requestThreads;
    private final ExecutorService statementThreads;
    private final ScheduledExecutorService housekeeping;
    private final Transactions transactions;
    private final AutoPause autoPause;
    private final DataApiOperations operations;
    private final SigV4Authorization authorization;
    private final ObjectMapper mapper = new ObjectMapper();
    private final URI endpoint;

    private DataApiServer(DataApiSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.transactions = new Transactions(settings.transactionIdleTimeout(), settings.transactionMaxLifetime(),
                clock);
        String clusterId = settings.clusterArn().substring(settings.clusterArn().lastIndexOf(':') + 1);
        this.autoPause = new AutoPause(settings.autoPauseAfter(), settings.resumeDuration(),
                clusterId + "-instance-1", clock);
        // Signatures are checked against the real time: the given clock is moved by hand in tests of expiry.
        this.authorization = new SigV4Authorization(settings.accessKeyId(), settings.secretAccessKey(),
                settings.region(), SigV4.MAX_CLOCK_SKEW, Clock.systemUTC());
        this.statementThreads = Executors.newCachedThreadPool(DaemonThreads.named("data-api-statement"));
        this.operations = new DataApiOperations(settings, transactions, autoPause, mapper, statementThreads);
        this.requestThreads = new ThreadPoolExecutor(settings.maxThreads(), settings.maxThreads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.named("data-api-request"));
        requestThreads.allowCoreThreadTimeOut(true);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("data-api-housekeeping"));
        this.http = HttpServers.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        http.createContext("/", this::handle);
        http.setExecutor(requestThreads);
        http.start();
        long sweep = Math.max(50, Math.min(1000, settings.transactionIdleTimeout().toMillis() / 4));
        housekeeping.scheduleWithFixedDelay(transactions::expire, sweep, sweep, TimeUnit.MILLISECONDS);
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        this.endpoint = URI.create("http://" + host + ":" + http.getAddress().getPort());
    }

    /** Starts listening; the returned server is ready for calls. */
    public static DataApiServer start(DataApiSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** Starts with the given clock, which decides transaction expiry and auto-pause (tests move it by hand). */
    static DataApiServer start(DataApiSettings settings, Clock clock) {
        try {
            return new DataApiServer(settings, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port(), e);
        }
    }

    /** The base URL to give SDKs as endpoint override ({@code AWS_ENDPOINT_URL_RDS_DATA}). */
    public URI endpoint() {
        return endpoint;
    }

    public String clusterArn() {
        return settings.clusterArn();
    }

    public String secretArn() {
        return settings.secretArn();
    }

    public String database() {
        return settings.database();
    }

    public String region() {
        return settings.region();
    }

    public DataApiSettings settings() {
        return settings;
    }

    /** How many transactions are open (begun, and neither ended nor expired). */
    public int openTransactions() {
        return transactions.size();
    }

    /** Whether the emulated instance is paused, resuming or active, as the next call would find it. */
    public String pauseState() {
        return autoPause.state(!transactions.isEmpty()).name();
    }

    /** Rolls back expired transactions now rather than at the next periodic sweep. */
    void expireTransactions() {
        transactions.expire();
    }

    /** Stops listening, rolls back open transactions and stops the threads. The data source stays open. */
    @Override
    public void close() {
        http.stop(0);
        housekeeping.shutdownNow();
        requestThreads.shutdown();
        transactions.rollBackAll();
        statementThreads.shutdown();
        try {
            if (!statementThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                statementThreads.shutdownNow();
            }
            requestThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            ObjectNode response;
            int status = 200;
            String errorType = null;
            try {
                response = dispatch(exchange);
            } catch (DataApiException e) {
                status = e.status();
                errorType = e.errorType();
                response = mapper.createObjectNode().put("message", e.getMessage());
                if (e.dbConnectionId() != null) {
                    response.put("dbConnectionId", e.dbConnectionId());
                }
            } catch (RuntimeException e) {
                status = 500;
                errorType = "InternalServerErrorException";
                response = mapper.createObjectNode().put("message", "An internal error occurred. Request id: "
                        + requestId);
                System.err.println("data-api: request " + requestId + " failed: " + e);
            }
            byte[] body = mapper.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            if (errorType != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange);
        authorization.check(exchange.getRequestMethod(), exchange.getRequestURI(),
                name -> SigV4.header(exchange.getRequestHeaders(), name), body);
        String path = exchange.getRequestURI().getPath();
        String operation = switch (path) {
            case "/Execute" -> "ExecuteStatement";
            case "/BatchExecute" -> "BatchExecuteStatement";
            case "/BeginTransaction" -> "BeginTransaction";
            case "/CommitTransaction" -> "CommitTransaction";
            case "/RollbackTransaction" -> "RollbackTransaction";
            default -> null;
        };
        if (operation == null || !"POST".equals(exchange.getRequestMethod())) {
            throw DataApiException.common("UnknownOperationException", 404,
                    "No operation matches " + exchange.getRequestMethod() + " " + path);
        }
        JsonNode request = parse(body);
        return switch (operation) {
            case "ExecuteStatement" -> operations.executeStatement(request);
            case "BatchExecuteStatement" -> operations.batchExecuteStatement(request);
            case "BeginTransaction" -> operations.beginTransaction(request);
            case "CommitTransaction" -> operations.commitTransaction(request);
            default -> operations.rollbackTransaction(request);
        };
    }

    /** The body, read before authentication since its hash is signed; a larger one is refused unauthenticated. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        }
        if (body.length > MAX_REQUEST_BYTES) {
            throw DataApiException.badRequest("The request is larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        return body;
    }

    private JsonNode parse(byte[] body) throws IOException {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw DataApiException.common("SerializationException", 400, "The request body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw DataApiException.common("SerializationException", 400, "The request body must be a JSON object");
        }
        return request;
    }
}
