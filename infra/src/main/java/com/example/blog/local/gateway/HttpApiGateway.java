package com.example.blog.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.blog.local.DaemonThreads;
import com.example.blog.local.HttpServers;
import com.example.blog.local.auth.JwtAuthorizer;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.template.HttpRoute;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An API Gateway HTTP API in front of the local Lambda: routes requests, runs the JWT authorizer on guarded routes,
 * invokes the route's function with a payload 2.0 event and maps its result back, answering with API Gateway's
 * own errors where API Gateway would.
 */
public final class HttpApiGateway implements AutoCloseable {

    /** HTTP APIs accept request bodies up to 10 MB. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** The longest an HTTP API waits for an integration. */
    public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final RouteTable routes;
    private final JwtAuthorizer authorizer;
    private final LocalLambda lambda;
    private final PayloadV2.ApiIdentity api;
    private final Duration integrationTimeout;
    private final URI url;

    private HttpApiGateway(HttpServer server, ExecutorService executor, RouteTable routes, JwtAuthorizer authorizer,
            LocalLambda lambda, PayloadV2.ApiIdentity api, Duration integrationTimeout) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.authorizer = authorizer;
        this.lambda = lambda;
        this.api = api;
        this.integrationTimeout = integrationTimeout;
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Starts serving on {@code host:port} (0 picks a free port).
     *
     * @param authorizer verifies the tokens of every route guarded by a JWT authorizer
     */
    public static HttpApiGateway start(String host, int port, RouteTable routes, JwtAuthorizer authorizer,
            LocalLambda lambda, PayloadV2.ApiIdentity api, Duration integrationTimeout) throws IOException {
        HttpServer server = HttpServers.create(new InetSocketAddress(host, port), 128);
        ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("gateway"));
        server.setExecutor(executor);
        HttpApiGateway gateway = new HttpApiGateway(server, executor, routes, Objects.requireNonNull(authorizer),
                lambda, api, integrationTimeout);
        server.createContext("/", gateway::handle);
        server.start();
        return gateway;
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:3000}. */
    public URI url() {
        return url;
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String requestId = newRequestId();
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                send(exchange, requestId, GatewayResponse.error(413, "Request Entity Too Large"), started, null);
                return;
            }
            GatewayRequest request = request(exchange, body);
            Optional<RouteTable.Match> match = routes.match(method, rawPath);
            if (match.isEmpty()) {
                send(exchange, requestId, GatewayResponse.error(404, "Not Found"), started, null);
                return;
            }
            HttpRoute route = match.get().route();
            PayloadV2.JwtContext jwt = null;
            if (route.authorizer().isPresent()) {
                String token = request.header(route.authorizer().get().headerName());
                JwtAuthorizer.Decision decision = authorizer.authorize(token, route.authorizationScopes());
                if (!decision.authorized()) {
                    LOG.debug("{} {}: authorizer denied: {}", method, rawPath, decision.reason());
                    send(exchange, requestId, decision.reason().equals("insufficient scope")
                            ? GatewayResponse.error(403, "Forbidden")
                            : GatewayResponse.error(401, "Unauthorized", Map.entry("WWW-Authenticate",
                                    token == null ? "Bearer" : "Bearer error=\"invalid_token\"")), started, route);
                    return;
                }
                jwt = new PayloadV2.JwtContext(decision.claims(), decision.scopes());
            }
            byte[] event = JSON.writeValueAsBytes(
                    PayloadV2.event(request, match.get(), jwt, api, requestId, Instant.now()));
            lambda.invoke(route.functionLogicalId(), event)
                    .orTimeout(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((result, failure) -> send(exchange, requestId, integrationResponse(route, result,
                            failure), started, route));
        } catch (IOException | RuntimeException e) {
            LOG.error("{} {} failed in the gateway", method, rawPath, e);
            send(exchange, requestId, GatewayResponse.error(500, "Internal Server Error"), started, null);
        }
    }

    private static GatewayResponse integrationResponse(HttpRoute route, InvocationResult result, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            LOG.warn("{}: no response within the integration timeout", route.functionLogicalId());
            return GatewayResponse.error(503, "Service Unavailable");
        }
        if (cause != null) {
            LOG.error("{}: cannot invoke", route.functionLogicalId(), cause);
            return GatewayResponse.error(500, "Internal Server Error");
        }
        switch (result.status()) {
            case SUCCESS -> {
                try {
                    return PayloadV2.response(result.payload());
                } catch (PayloadV2.MalformedResponseException e) {
                    LOG.warn("{}: malformed Lambda proxy response: {}", route.functionLogicalId(), e.getMessage());
                    return GatewayResponse.error(500, "Internal Server Error");
                }
            }
            case REQUEST_TOO_LARGE -> {
                return GatewayResponse.error(413, "Request Entity Too Large");
            }
            default -> {
                LOG.warn("{}: invocation failed ({}): {}", route.functionLogicalId(), result.status(),
                        result.payloadAsString());
                return GatewayResponse.error(500, "Internal Server Error");
            }
        }
    }

    private static GatewayRequest request(HttpExchange exchange, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(
                value -> headers.add(Map.entry(name, value))));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new GatewayRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                rawQuery == null ? "" : rawQuery, headers, body,
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol());
    }

    private void send(HttpExchange exchange, String requestId, GatewayResponse response, long started,
            HttpRoute route) {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            for (Map.Entry<String, String> header : response.headers()) {
                headers.add(header.getKey(), header.getValue());
            }
            headers.set("Apigw-Requestid", requestId);
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204
                    || response.statusCode() == 304 || response.body().length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("the client went away before its response: {}", e.getMessage());
        } finally {
            LOG.info("{} {} -> {} {} ({} ms)", exchange.getRequestMethod(), exchange.getRequestURI(),
                    route == null ? "gateway" : route.functionLogicalId(), response.statusCode(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** API Gateway's request ids look like {@code Ab12CdEfGhIJkLm=}: 10 random bytes in base64. */
    private static String newRequestId() {
        byte[] random = new byte[10];
        ThreadLocalRandom.current().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).replace('/', 'x').replace('+', 'y');
    }

    /** Stops accepting requests. The functions keep running until the local Lambda is closed. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
