package com.example.blog.local.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.blog.local.DaemonThreads;
import com.example.blog.local.HttpServers;
import com.example.blog.local.sigv4.SigV4;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The public face of the local S3: what s3proxy 3.0.0 does not do as S3 does, done here before a request reaches it.
 *
 * <ul>
 * <li>Authentication: SigV4 in the header or the query string, and the chunk and trailer signatures of
 * {@code aws-chunked} bodies, including {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}, which the SDKs send over
 * plain HTTP by default and s3proxy cannot read.</li>
 * <li>Flexible checksums ({@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -crc64nvme}, {@code -sha1},
 * {@code -sha256}), as headers or trailers, verified against the payload: a mismatch is {@code BadDigest} and
 * nothing is stored. s3proxy answers 501 to most of these headers and ignores trailers.</li>
 * <li>Content-Type kept byte for byte: s3proxy's HTTP server rewrites common values on the way out
 * ({@code text/plain; charset=utf-8} becomes {@code text/plain;charset=utf-8}), so the value as sent is kept beside the
 * object and given back.</li>
 * <li>Browser-form POST uploads with a Signature Version 4 policy ({@link PostObjectUpload}), stored as a PutObject
 * of the same object would be, the policy and its signature checked here like every other signature.</li>
 * <li>The bucket's CORS rule ({@link BucketCors}), preflights included.</li>
 * </ul>
 *
 * Behind it s3proxy sees plain, already authenticated requests on a loopback port of its own.
 */
final class S3FrontDoor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3FrontDoor.class);

    /** User metadata under which the Content-Type as sent is kept; never shown to clients. */
    static final String CONTENT_TYPE_METADATA = "x-amz-meta-blog-local-content-type";

    /** Request headers that concern only this hop: authentication, body framing and checksums verified here. */
    private static final Set<String> CONSUMED_REQUEST_HEADERS = Set.of("authorization", "host", "content-length",
            "connection", "expect", "transfer-encoding", "upgrade", "x-amz-content-sha256", "x-amz-date",
            "x-amz-decoded-content-length", "x-amz-trailer", "x-amz-sdk-checksum-algorithm",
            "x-amz-checksum-algorithm", "x-amz-checksum-type", "keep-alive", "te", "trailer", "date", "via", "from",
            "warning");
    private static final Set<String> HOP_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding",
            "connection", "keep-alive", "server", "date");
    private static final Set<String> QUERY_AUTH = Set.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
            "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token",
            "X-Amz-Content-Sha256");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient backendClient;
    private final URI backend;
    private final SigV4Verifier verifier;
    private final Clock clock;

    private S3FrontDoor(HttpServer server, ExecutorService executor, HttpClient backendClient, URI backend,
            SigV4Verifier verifier, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.backendClient = backendClient;
        this.backend = backend;
        this.verifier = verifier;
        this.clock = clock;
    }

    static S3FrontDoor start(int port, URI backend, String accessKeyId, String secretAccessKey, Duration maxSkew)
            throws IOException {
        HttpServer server = HttpServers.create(new InetSocketAddress("127.0.0.1", port), 64);
        ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("local-s3"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        Clock clock = Clock.systemUTC();
        S3FrontDoor door = new S3FrontDoor(server, executor, client, backend,
                new SigV4Verifier(accessKeyId, secretAccessKey, maxSkew, clock), clock);
        server.createContext("/", door::handle);
        server.setExecutor(executor);
        server.start();
        return door;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        try (exchange) {
            try {
                String method = exchange.getRequestMethod();
                URI uri = exchange.getRequestURI();
                BucketCors.addHeaders(method, exchange.getRequestHeaders(), exchange.getResponseHeaders());
                if (method.equals("OPTIONS")) {
                    BucketCors.preflight(exchange.getRequestHeaders(), exchange.getResponseHeaders());
                    exchange.sendResponseHeaders(200, -1);
                } else if (PostObjectUpload.isFormUpload(method, uri.getRawPath(), uri.getRawQuery(),
                        exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    postObject(exchange, requestId);
                } else {
                    forward(exchange, requestId);
                }
            } catch (S3Error error) {
                if (!error.code().equals(S3Error.TOO_BIG_TO_READ)) {
                    drain(exchange.getRequestBody());
                }
                sendError(exchange, error, requestId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendError(exchange, new S3Error(503, "SlowDown", "Please reduce your request rate."), requestId);
            } catch (IOException | RuntimeException e) {
                LOG.warn("local S3 request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                sendError(exchange, new S3Error(500, "InternalError",
                        "We encountered an internal error. Please try again."), requestId);
            }
        }
    }

    private void forward(HttpExchange exchange, String requestId) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        Headers headers = exchange.getRequestHeaders();
        SigV4Verifier.Signed signed = verifier.verify(method, uri.getRawPath(), uri.getRawQuery(),
                name -> SigV4.header(headers, name));
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> trailers = Map.of();
        String payloadHash = signed.payloadHash();
        if (payloadHash.startsWith("STREAMING-")) {
            boolean signedChunks = payloadHash.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
            if (!signedChunks && !payloadHash.equals("STREAMING-UNSIGNED-PAYLOAD-TRAILER")) {
                throw S3Error.badRequest("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD,"
                        + " STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD,"
                        + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
            }
            AwsChunkedBody decoded = AwsChunkedBody.decode(body, signed, signedChunks);
            body = decoded.data();
            trailers = decoded.trailers();
            String declared = SigV4.header(headers, "x-amz-decoded-content-length");
            if (declared != null && !declared.equals(Long.toString(body.length))) {
                throw S3Error.badRequest("IncompleteBody",
                        "You did not provide the number of bytes specified by the Content-Length HTTP header");
            }
        } else if (!payloadHash.equals("UNSIGNED-PAYLOAD")) {
            if (!SigV4.sha256Hex(body).equals(payloadHash.toLowerCase(Locale.ROOT))) {
                throw S3Error.badRequest("XAmzContentSHA256Mismatch",
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }
        }
        Map.Entry<String, String> checksum = verifyChecksum(headers, trailers, body);

        HttpRequest.Builder request = HttpRequest.newBuilder(backendUri(uri))
                .method(method, body.length == 0 && !hasBody(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (CONSUMED_REQUEST_HEADERS.contains(name) || FlexibleChecksums.isChecksumHeader(name)
                    || name.equals(CONTENT_TYPE_METADATA)) {
                continue;
            }
            if (name.equals("content-encoding")) {
                String remaining = List.of(String.join(",", header.getValue()).split(",")).stream().map(String::strip)
                        .filter(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("aws-chunked"))
                        .collect(Collectors.joining(","));
                if (!remaining.isEmpty()) {
                    request.header("Content-Encoding", remaining);
                }
                continue;
            }
            for (String value : header.getValue()) {
                request.header(header.getKey(), value);
            }
        }
        String contentType = headers.getFirst("Content-Type");
        if (contentType != null && keepsContentType(method, uri, headers)) {
            request.header(CONTENT_TYPE_METADATA, contentType);
        }

        HttpResponse<InputStream> response = backendClient.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream responseBody = response.body()) {
            Headers out = exchange.getResponseHeaders();
            String storedContentType = null;
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (name.equals(CONTENT_TYPE_METADATA)) {
                    storedContentType = header.getValue().get(0);
                } else if (!HOP_RESPONSE_HEADERS.contains(name) && !name.startsWith(":")
                        && !BucketCors.isCorsHeader(name)) {
                    out.put(header.getKey(), header.getValue());
                }
            }
            boolean overridden = SigV4.parseQuery(uri.getRawQuery()).containsKey("response-content-type");
            if (storedContentType != null && !overridden) {
                out.set("Content-Type", storedContentType);
            }
            if (checksum != null && response.statusCode() == 200 && method.equals("PUT")) {
                out.set(checksum.getKey(), checksum.getValue());
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (method.equals("HEAD") || response.statusCode() == 304 || response.statusCode() == 204) {
                if (length >= 0 && method.equals("HEAD")) {
                    out.set("Content-Length", Long.toString(length));
                }
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length < 0 ? 0 : length);
            if (length != 0) {
                try (OutputStream sink = exchange.getResponseBody()) {
                    responseBody.transferTo(sink);
                }
            }
        }
    }

    /**
     * Stores a browser-form upload as a PutObject of the same object would store it, and answers as S3 answers the
     * form: a 303 to the {@code success_action_redirect}, or the {@code success_action_status}, with the
     * PostResponse document for 201.
     */
    private void postObject(HttpExchange exchange, String requestId) throws IOException, InterruptedException {
        Headers headers = exchange.getRequestHeaders();
        byte[] body = readForm(exchange);
        PostObjectUpload upload = PostObjectUpload.read(exchange.getRequestURI().getRawPath(),
                headers.getFirst("Content-Type"), body, verifier, clock.instant());
        String objectPath = "/" + SigV4.encode(upload.bucket(), true) + "/"
                + SigV4.encode(upload.key(), false);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backend + objectPath))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(upload.content()));
        try {
            upload.headers().forEach(request::header);
        } catch (IllegalArgumentException e) {
            throw S3Error.badRequest("InvalidArgument", "A form field cannot be sent as an object header: "
                    + e.getMessage());
        }
        HttpResponse<byte[]> response = backendClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Headers out = exchange.getResponseHeaders();
        out.set("x-amz-request-id", requestId);
        if (response.statusCode() != 200) {
            response.headers().firstValue("Content-Type").ifPresent(type -> out.set("Content-Type", type));
            sendBody(exchange, response.statusCode(), response.body());
            return;
        }
        String entityTag = response.headers().firstValue("ETag").orElse("");
        String host = headers.getFirst("Host") != null ? headers.getFirst("Host")
                : endpoint().getAuthority();
        String location = "http://" + host + objectPath;
        out.set("ETag", entityTag);
        out.set("Location", upload.successRedirect() != null ? upload.redirectLocation(entityTag) : location);
        if (upload.successRedirect() != null) {
            exchange.sendResponseHeaders(303, -1);
        } else if (upload.successStatus() == 201) {
            out.set("Content-Type", "application/xml");
            sendBody(exchange, 201, upload.postResponse(location, entityTag).getBytes(StandardCharsets.UTF_8));
        } else {
            exchange.sendResponseHeaders(upload.successStatus(), -1);
        }
    }

    /** The whole form, or MaxMessageLengthExceeded as soon as it is known to be larger than a form may be. */
    private static byte[] readForm(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        S3Error tooBig = S3Error.badRequest(S3Error.TOO_BIG_TO_READ, "Your request was too big.");
        try {
            if (declared != null && Long.parseLong(declared.strip()) > PostObjectUpload.MAX_FORM_BYTES) {
                throw tooBig;
            }
        } catch (NumberFormatException e) {
            throw S3Error.badRequest("MalformedPOSTRequest",
                    "The body of your POST request is not well-formed multipart/form-data.");
        }
        byte[] body = exchange.getRequestBody().readNBytes((int) PostObjectUpload.MAX_FORM_BYTES + 1);
        if (body.length > PostObjectUpload.MAX_FORM_BYTES) {
            throw tooBig;
        }
        return body;
    }

    private static void sendBody(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Verifies the flexible checksum a request carries, as a header or a trailer, and returns it (header name and
     * value) or null when the request carries none.
     */
    private static Map.Entry<String, String> verifyChecksum(Headers headers, Map<String, String> trailers,
            byte[] body) {
        Map.Entry<String, String> found = null;
        for (String name : FlexibleChecksums.HEADERS) {
            String value = trailers.containsKey(name) ? trailers.get(name) : headers.getFirst(name);
            if (value == null) {
                continue;
            }
            if (found != null) {
                throw S3Error.badRequest("InvalidRequest", "Expecting a single x-amz-checksum- header."
                        + " Multiple checksum Types are not allowed.");
            }
            found = Map.entry(name, value.strip());
        }
        String declaredTrailer = SigV4.header(headers, "x-amz-trailer");
        if (declaredTrailer != null && found == null) {
            throw S3Error.badRequest("MalformedTrailerError",
                    "The request contained trailing data that was not well-formed or did not conform to our"
                            + " published schema.");
        }
        if (found != null && !FlexibleChecksums.compute(found.getKey(), body).equals(found.getValue())) {
            throw S3Error.badRequest("BadDigest", "The " + FlexibleChecksums.algorithmName(found.getKey())
                    + " you specified did not match the calculated checksum.");
        }
        return found;
    }

    /** Whether the request stores a Content-Type with an object: a put, a multipart create, a replacing copy. */
    private static boolean keepsContentType(String method, URI uri, Headers headers) {
        Map<String, String> query = SigV4.parseQuery(uri.getRawQuery());
        if (method.equals("PUT")) {
            if (query.containsKey("partNumber") || query.containsKey("uploadId")) {
                return false;
            }
            String copySource = headers.getFirst("x-amz-copy-source");
            return copySource == null || "REPLACE".equalsIgnoreCase(headers.getFirst("x-amz-metadata-directive"));
        }
        return method.equals("POST") && query.containsKey("uploads");
    }

    private URI backendUri(URI uri) {
        StringBuilder query = new StringBuilder();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = SigV4.decode(equals < 0 ? pair : pair.substring(0, equals));
                if (pair.isEmpty() || QUERY_AUTH.contains(name)) {
                    continue;
                }
                query.append(query.length() == 0 ? "?" : "&").append(pair);
            }
        }
        return URI.create(backend + uri.getRawPath() + query);
    }

    private static boolean hasBody(String method) {
        return method.equals("PUT") || method.equals("POST");
    }

    private static void drain(InputStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The connection is closed with the exchange; the error still goes out if it can.
        }
    }

    private static void sendError(HttpExchange exchange, S3Error error, String requestId) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + error.code() + "</Code><Message>"
                + S3Error.escape(error.getMessage()) + "</Message><RequestId>" + requestId + "</RequestId></Error>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(error.status(), -1);
            return;
        }
        sendBody(exchange, error.status(), bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
