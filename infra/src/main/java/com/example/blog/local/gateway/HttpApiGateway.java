package com.example.blog.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.blog.local.DaemonThreads;
import com.example.blog.local.auth.JwtAuthorizer;
import com.example.blog.local.runtime.InvocationResult;
import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.template.CorsConfiguration;
import com.example.blog.local.template.HttpRoute;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An API Gateway HTTP API in front of the local Lambda: routes requests, runs the JWT authorizer on guarded routes,
 * invokes the route's function with a payload 2.0 event and maps its result back, answering with API Gateway's
 * own errors where API Gateway would, as JSON {@code {"message": ...}}, its own parse errors included.
 *
 * <p>The transport is Jetty's HTTP/1.1 connector: connections idle or stalled for {@link Limits#idleTimeout()}
 * (headers or body) are closed, a body still arriving after {@link Limits#bodyTimeout()} is cut off, and at most
 * {@link Limits#maxThreads()} threads serve requests. A client that goes away is logged as one line.
 */
public final class HttpApiGateway implements AutoCloseable {

    /** HTTP APIs accept request bodies up to 10 MB. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** The longest an HTTP API waits for an integration. */
    public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the gateway guards itself against slow and stalled clients.
     *
     * @param idleTimeout a connection that sends nothing for this long is closed, mid-request or between requests
     * @param bodyTimeout a body not complete this long after its request began is cut off, however it trickles
     * @param maxThreads  threads serving requests at most (connections waiting for bytes hold none)
     */
    public record Limits(Duration idleTimeout, Duration bodyTimeout, int maxThreads) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(60), 200);
    }

    private final Server server;
    private final RouteTable routes;
    private final JwtAuthorizer authorizer;
    private final LocalLambda lambda;
    private final PayloadV2.ApiIdentity api;
    private final Duration integrationTimeout;
    private final Optional<CorsConfiguration> cors;
    private final Optional<SiteContent> site;
    private final Duration bodyTimeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("http-api-body-timer"));

    private HttpApiGateway(Server server, RouteTable routes, JwtAuthorizer authorizer, LocalLambda lambda,
            PayloadV2.ApiIdentity api, Duration integrationTimeout, Optional<CorsConfiguration> cors,
            Optional<SiteContent> site, Duration bodyTimeout) {
        this.server = server;
        this.cors = cors;
        this.site = site;
        this.bodyTimeout = bodyTimeout;
        this.routes = routes;
        this.authorizer = authorizer;
        this.lambda = lambda;
        this.api = api;
        this.integrationTimeout = integrationTimeout;
    }

    /**
     * Starts serving on {@code host:port} (0 picks a free port) with the default {@link Limits}.
     *
     * @param authorizer verifies the tokens of every route guarded by a JWT authorizer
     */
    public static HttpApiGateway start(String host, int port, RouteTable routes, JwtAuthorizer authorizer,
            LocalLambda lambda, PayloadV2.ApiIdentity api, Duration integrationTimeout) throws IOException {
        return start(host, port, routes, authorizer, lambda, api, integrationTimeout, Limits.DEFAULT);
    }

    public static HttpApiGateway start(String host, int port, RouteTable routes, JwtAuthorizer authorizer,
            LocalLambda lambda, PayloadV2.ApiIdentity api, Duration integrationTimeout, Limits limits)
            throws IOException {
        return start(host, port, routes, authorizer, lambda, api, integrationTimeout, limits, Optional.empty());
    }

    /**
     * Starts serving with the given limits and, when {@code cors} is present, API Gateway's CORS handling: preflight
     * requests answered by the gateway, the configured headers on every response to an allowed origin, and any
     * {@code Access-Control-*} header of the function's response dropped.
     */
    public static HttpApiGateway start(String host, int port, RouteTable routes, JwtAuthorizer authorizer,
            LocalLambda lambda, PayloadV2.ApiIdentity api, Duration integrationTimeout, Limits limits,
            Optional<CorsConfiguration> cors) throws IOException {
        return start(host, port, routes, authorizer, lambda, api, integrationTimeout, limits, cors, Optional.empty());
    }

    /**
     * As above, and with {@code site} answering the requests no route matches (the web page and its sign-in); API
     * routes always win, so the API's contract is the same with or without a site.
     */
    public static HttpApiGateway start(String host, int port, RouteTable routes, JwtAuthorizer authorizer,
            LocalLambda lambda, PayloadV2.ApiIdentity api, Duration integrationTimeout, Limits limits,
            Optional<CorsConfiguration> cors, Optional<SiteContent> site) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("gateway");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        // API Gateway takes what a browser or SDK sends, encoded slashes and dot segments included.
        http.setUriCompliance(UriCompliance.LEGACY);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrors());
        HttpApiGateway gateway = new HttpApiGateway(server, routes, Objects.requireNonNull(authorizer), lambda, api,
                integrationTimeout, cors, site, limits.bodyTimeout());
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response) {
                base.setHandled(true);
                gateway.handle(request, response);
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // Nothing was served.
            }
            if (e.getCause() instanceof java.net.BindException || e instanceof java.net.BindException) {
                throw new IOException("port " + port + " is already in use", e);
            }
            throw e instanceof IOException io ? io : new IOException("cannot start the HTTP API: " + e, e);
        }
        return gateway;
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:3000}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    private void handle(HttpServletRequest exchange, HttpServletResponse response) {
        long started = System.nanoTime();
        String requestId = newRequestId();
        String method = exchange.getMethod();
        String rawPath = exchange.getRequestURI();
        long declaredLength = exchange.getContentLengthLong();
        if (declaredLength > MAX_REQUEST_BYTES) {
            // Refused before reading a byte of it: nobody waits for a body the API would never take.
            response.setHeader("Connection", "close");
            send(exchange, response, requestId, GatewayResponse.error(413, "Request Entity Too Large"), started,
                    null, null);
            return;
        }
        byte[] body;
        HttpChannel channel = Request.getBaseRequest(exchange).getHttpChannel();
        ScheduledFuture<?> cutOff = timer.schedule(() -> channel.abort(new TimeoutException("the body was not"
                + " complete within " + bodyTimeout.toSeconds() + " s")), bodyTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (InputStream in = exchange.getInputStream()) {
            body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            LOG.info("{} {}: request aborted while its body was read ({})", method, rawPath, reason(e));
            // No answer: the client stalled or left, and an answer would read as if the request had been served.
            channel.abort(e);
            return;
        } finally {
            cutOff.cancel(false);
        }
        try {
            if (body.length > MAX_REQUEST_BYTES) {
                send(exchange, response, requestId, GatewayResponse.error(413, "Request Entity Too Large"), started,
                        null, null);
                return;
            }
            GatewayRequest request = request(exchange, body);
            String preflightMethod = exchange.getHeader("Access-Control-Request-Method");
            if (cors.isPresent() && method.equals("OPTIONS") && exchange.getHeader("Origin") != null
                    && preflightMethod != null) {
                send(exchange, response, requestId, preflight(cors.get(), exchange.getHeader("Origin"),
                        preflightMethod), started, null, null);
                return;
            }
            Optional<RouteTable.Match> match = routes.match(method, rawPath);
            if (match.isEmpty()) {
                Optional<GatewayResponse> page = site.flatMap(content -> content.answer(request));
                if (page.isPresent()) {
                    send(exchange, response, requestId, page.get(), started, null, null);
                    return;
                }
                send(exchange, response, requestId, GatewayResponse.error(404, "Not Found"), started, null, null);
                return;
            }
            HttpRoute route = match.get().route();
            PayloadV2.JwtContext jwt = null;
            if (route.authorizer().isPresent()) {
                String token = request.header(route.authorizer().get().headerName());
                JwtAuthorizer.Decision decision = authorizer.authorize(token, route.authorizationScopes());
                if (!decision.authorized()) {
                    LOG.debug("{} {}: authorizer denied: {}", method, rawPath, decision.reason());
                    send(exchange, response, requestId, decision.reason().equals("insufficient scope")
                            ? GatewayResponse.error(403, "Forbidden")
                            : GatewayResponse.error(401, "Unauthorized", Map.entry("WWW-Authenticate",
                                    token == null ? "Bearer" : "Bearer error=\"invalid_token\"")), started, route,
                            null);
                    return;
                }
                jwt = new PayloadV2.JwtContext(decision.claims(), decision.scopes());
            }
            byte[] event = JSON.writeValueAsBytes(
                    PayloadV2.event(request, match.get(), jwt, api, requestId, Instant.now()));
            CompletableFuture<InvocationResult> invocation;
            try {
                invocation = lambda.invoke(route.functionLogicalId(), event);
            } catch (RuntimeException e) {
                invocation = CompletableFuture.failedFuture(e);
            }
            // Answered from the invocation's thread; the request stays open until then however the invocation ends.
            AsyncContext async = exchange.startAsync();
            async.setTimeout(0);
            invocation
                    .orTimeout(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((result, failure) -> send(exchange, response, requestId,
                            withoutCorsHeaders(integrationResponse(route, result, failure)), started, route, async));
        } catch (IOException | RuntimeException e) {
            LOG.error("{} {} failed in the gateway", method, rawPath, e);
            send(exchange, response, requestId, GatewayResponse.error(500, "Internal Server Error"), started, null,
                    null);
        }
    }

    /** API Gateway answers a preflight itself, 204; the allowed origin's headers are added by {@link #send}. */
    private static GatewayResponse preflight(CorsConfiguration cors, String origin, String requestedMethod) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (cors.allowOriginFor(origin).isPresent() && cors.allowsMethod(requestedMethod)) {
            if (!cors.allowMethods().isEmpty()) {
                headers.add(Map.entry("Access-Control-Allow-Methods", String.join(",", cors.allowMethods())));
            }
            if (!cors.allowHeaders().isEmpty()) {
                headers.add(Map.entry("Access-Control-Allow-Headers", String.join(",", cors.allowHeaders())));
            }
            cors.maxAgeSeconds().ifPresent(age -> headers.add(Map.entry("Access-Control-Max-Age", age.toString())));
        }
        return new GatewayResponse(204, headers, new byte[0]);
    }

    /** The response's headers as API Gateway sends them with CORS on: the configured ones for an allowed origin. */
    private List<Map.Entry<String, String>> headers(GatewayResponse response, String origin) {
        if (cors.isEmpty()) {
            return response.headers();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
        Optional<String> allowed = cors.get().allowOriginFor(origin);
        if (allowed.isPresent()) {
            headers.add(Map.entry("Access-Control-Allow-Origin", allowed.get()));
            if (!allowed.get().equals("*")) {
                headers.add(Map.entry("Vary", "Origin"));
            }
            if (cors.get().allowCredentials()) {
                headers.add(Map.entry("Access-Control-Allow-Credentials", "true"));
            }
            if (!cors.get().exposeHeaders().isEmpty()) {
                headers.add(Map.entry("Access-Control-Expose-Headers", String.join(",", cors.get().exposeHeaders())));
            }
        }
        return headers;
    }

    /** With CORS configured, API Gateway ignores the CORS headers an integration returns. */
    private GatewayResponse withoutCorsHeaders(GatewayResponse response) {
        if (cors.isEmpty()) {
            return response;
        }
        return new GatewayResponse(response.statusCode(), response.headers().stream()
                .filter(header -> !header.getKey().regionMatches(true, 0, "Access-Control-", 0, 15)).toList(),
                response.body());
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getMessage();
        return cause.getClass().getSimpleName() + (text == null ? "" : ": " + text);
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

    private static GatewayRequest request(HttpServletRequest exchange, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : Collections.list(exchange.getHeaderNames())) {
            for (String value : Collections.list(exchange.getHeaders(name))) {
                headers.add(Map.entry(name, value));
            }
        }
        String rawQuery = exchange.getQueryString();
        return new GatewayRequest(exchange.getMethod(), exchange.getRequestURI(), rawQuery == null ? "" : rawQuery,
                headers, body, exchange.getRemoteAddr(), exchange.getProtocol());
    }

    private void send(HttpServletRequest exchange, HttpServletResponse out, String requestId,
            GatewayResponse response, long started, HttpRoute route, AsyncContext async) {
        // Read before the exchange completes: a completed request no longer knows its method or path.
        String method = exchange.getMethod();
        String query = exchange.getQueryString();
        String target = exchange.getRequestURI() + (query == null ? "" : "?" + query);
        try {
            for (Map.Entry<String, String> header : headers(response, exchange.getHeader("Origin"))) {
                out.addHeader(header.getKey(), header.getValue());
            }
            out.setHeader("Apigw-Requestid", requestId);
            out.setStatus(response.statusCode());
            boolean noBody = method.equals("HEAD") || response.statusCode() == 204
                    || response.statusCode() == 304 || response.body().length == 0;
            if (!noBody) {
                out.setContentLength(response.body().length);
                try (OutputStream body = out.getOutputStream()) {
                    body.write(response.body());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("{} {}: the client went away before its response ({})", method, target, reason(e));
        } finally {
            if (async != null) {
                async.complete();
            }
            LOG.info("{} {} -> {} {} ({} ms)", method, target,
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
        timer.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP API did not stop cleanly: {}", e.toString());
        }
    }

    /**
     * API Gateway's JSON for what the HTTP layer refuses before any route is looked at (a malformed request line or
     * URI, oversized headers): the status with its reason as {@code {"message": ...}}.
     */
    private static final class JsonErrors extends ErrorHandler {

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return BufferUtil.toBuffer(message(status), StandardCharsets.UTF_8);
        }

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            base.setHandled(true);
            byte[] body = message(response.getStatus()).getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        private static String message(int status) {
            String reason = HttpStatus.getMessage(status);
            return "{\"message\":\"" + (reason == null ? "Error" : reason) + "\"}";
        }
    }
}
