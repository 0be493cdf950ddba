package com.example.blog.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.repository.IdempotencyClaim;
import com.example.blog.repository.IdempotencyRepository;
import com.example.blog.repository.StoredResponse;
import com.example.blog.service.BlogDraft;
import com.example.blog.async.Deadline;

/**
 * {@code Idempotency-Key} on a non-idempotent request (IETF httpapi draft "The Idempotency-Key HTTP Header Field"):
 * the first request with a key runs and its successful response is kept; a retry with the same key and the same
 * payload gets that response again instead of running a second time; the same key with another payload is a 422;
 * a duplicate that arrives while the first still runs gets a 409 with {@code Retry-After}. Keys belong to the
 * caller: another author's identical key is another key. A request that fails gives its key up, so that its retry
 * runs again.
 */
public final class IdempotentRequests {

    public static final String HEADER = "idempotency-key";

    /** Longer than any request runs (the functions' timeout is under 30 s), so a live request is never overtaken. */
    static final Duration LEASE = Duration.ofSeconds(60);
    /** How long a response answers retries. */
    static final Duration TTL = Duration.ofHours(24);
    static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyRepository repository;

    public IdempotentRequests(IdempotencyRepository repository) {
        this.repository = repository;
    }

    /**
     * Runs {@code request} once per key: directly when the event carries no key.
     *
     * @param payload what makes two requests the same request (the parsed form, not its encoding: a client's
     *                retry may well use another multipart boundary)
     */
    public CompletableFuture<APIGatewayV2HTTPResponse> run(APIGatewayV2HTTPEvent event, String author,
            BlogDraft payload, Deadline deadline, Supplier<CompletableFuture<APIGatewayV2HTTPResponse>> request) {
        Optional<String> key = key(event);
        if (key.isEmpty()) {
            return request.get();
        }
        String fingerprint = fingerprint(payload);
        return repository.claim(author, key.get(), fingerprint, LEASE, TTL, deadline)
                .thenCompose(claim -> claim.claimed()
                        ? runClaimed(author, key.get(), deadline, request)
                        : answerDuplicate(claim, fingerprint));
    }

    private CompletableFuture<APIGatewayV2HTTPResponse> runClaimed(String author, String key, Deadline deadline,
            Supplier<CompletableFuture<APIGatewayV2HTTPResponse>> request) {
        CompletableFuture<APIGatewayV2HTTPResponse> attempt;
        try {
            attempt = request.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.<CompletableFuture<APIGatewayV2HTTPResponse>>handle((response, error) -> {
            if (error == null) {
                // The post exists whether or not its response could be kept: answer it either way. Unkept, the key
                // stays claimed until its lease runs out, and retries get 409 meanwhile.
                return repository.complete(author, key, stored(response), deadline)
                        .handle((ignored, storeError) -> response);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            return repository.release(author, key, deadline)
                    .<APIGatewayV2HTTPResponse>handle((ignored, releaseError) -> {
                        if (releaseError != null) {
                            cause.addSuppressed(releaseError);
                        }
                        throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
                    });
        }).thenCompose(Function.identity());
    }

    private static CompletableFuture<APIGatewayV2HTTPResponse> answerDuplicate(IdempotencyClaim claim,
                                                                               String fingerprint) {
        if (claim.fingerprint() != null && !claim.fingerprint().equals(fingerprint)) {
            return CompletableFuture.failedFuture(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was first used with another request body; use a new key for a new"
                            + " request."));
        }
        if (claim.response().isPresent()) {
            StoredResponse stored = claim.response().get();
            return CompletableFuture.completedFuture(APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(stored.statusCode())
                    .withHeaders(new LinkedHashMap<>(stored.headers()))
                    .withBody(stored.body())
                    .withIsBase64Encoded(false)
                    .build());
        }
        return CompletableFuture.failedFuture(new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_USE,
                "A request with this Idempotency-Key is still being processed; retry after the indicated delay.",
                Map.of(), Map.of("retry-after", "1")));
    }

    private static StoredResponse stored(APIGatewayV2HTTPResponse response) {
        return new StoredResponse(response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(), response.getBody());
    }

    /**
     * The key of the request, if it has one. The draft makes the field a structured-field string ({@code "..."});
     * a bare token is taken too, since many clients send keys unquoted.
     */
    static Optional<String> key(APIGatewayV2HTTPEvent event) {
        Optional<String> header = Requests.header(event, HEADER);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        String key;
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            key = unquote(value.substring(1, value.length() - 1));
        } else {
            key = value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ',')
                    ? value : null;
        }
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The Idempotency-Key header is invalid.",
                    Map.of("Idempotency-Key", "must be a quoted string of 1 to " + MAX_KEY_LENGTH
                            + " printable ASCII characters, e.g. \"8e03978e-40d5-43e8-bc93-6894a57f9324\""),
                    Map.of());
        }
        return Optional.of(key);
    }

    /** The inside of an sf-string: printable ASCII, with only {@code \"} and {@code \\} escaped; null if invalid. */
    private static String unquote(String inner) {
        StringBuilder key = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"') {
                return null;
            }
            if (c == '\\') {
                if (i + 1 >= inner.length() || (inner.charAt(i + 1) != '"' && inner.charAt(i + 1) != '\\')) {
                    return null;
                }
                c = inner.charAt(++i);
            }
            key.append(c);
        }
        return key.toString();
    }

    /** SHA-256 of the parsed payload, each part length-prefixed so that no two payloads share an encoding. */
    public static String fingerprint(BlogDraft draft) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        update(digest, draft.title().getBytes(StandardCharsets.UTF_8));
        update(digest, draft.content().getBytes(StandardCharsets.UTF_8));
        update(digest, draft.image() == null ? new byte[0] : draft.image().bytes());
        digest.update((byte) (draft.image() == null ? 0 : 1));
        digest.update((byte) (draft.removeImage() ? 1 : 0));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, byte[] part) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        digest.update(part);
    }
}
