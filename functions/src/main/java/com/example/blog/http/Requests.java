package com.example.blog.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** Reading the parts of an HTTP API (payload 2.0) event that every route shares. */
public final class Requests {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Requests() {
    }

    /**
     * The caller's user name from the JWT authorizer's claims: {@code cognito:username}, else {@code username}, else
     * {@code sub}. Empty when the request carries no identity.
     */
    public static Optional<String> author(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getJwt)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT::getClaims)
                .orElse(Map.of());
        for (String claim : new String[] {"cognito:username", "username", "sub"}) {
            String value = claims.get(claim);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    public static String requireAuthor(APIGatewayV2HTTPEvent event) {
        return author(event).orElseThrow(() -> new ProblemException(ProblemType.UNAUTHENTICATED,
                "This request needs a signed-in user; send a valid bearer token."));
    }

    /** The {id} path parameter as a UUID in canonical form (java.util.UUID alone would accept "1-2-3-4-5"). */
    public static UUID blogId(APIGatewayV2HTTPEvent event) {
        String id = Optional.ofNullable(event.getPathParameters()).map(p -> p.get("id")).orElse(null);
        if (id == null || !CANONICAL_UUID.matcher(id).matches()) {
            throw ProblemException.invalidField("id", "must be a UUID such as 00000000-0000-4000-8000-000000000001");
        }
        return UUID.fromString(id.toLowerCase(Locale.ROOT));
    }

    /**
     * The request's media type; a missing or unparsable Content-Type is a 415, the missing one explained by
     * {@code whatToSend}.
     */
    public static HeaderValue mediaType(APIGatewayV2HTTPEvent event, String whatToSend) {
        String contentType = header(event, "content-type").orElseThrow(() -> new ProblemException(
                ProblemType.UNSUPPORTED_MEDIA_TYPE, whatToSend));
        try {
            return HeaderValue.parse(contentType);
        } catch (HeaderValue.MalformedHeaderException e) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The Content-Type header cannot be parsed: " + e.getMessage() + ".");
        }
    }

    /** A header by name, whatever its case (API Gateway lower-cases them, other callers might not). */
    public static Optional<String> header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String exact = headers.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public static Optional<String> queryParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getQueryStringParameters()).map(parameters -> parameters.get(name));
    }

    /**
     * The body's bytes, undoing API Gateway's base64 encoding of binary bodies. A body passed as text (JSON, for one)
     * has already been decoded by the gateway, which turns bytes that are not UTF-8 into U+FFFD; encoding such a
     * string back would store the replacement silently, so U+FFFD or a lone surrogate in it is a 400.
     */
    public static byte[] bodyBytes(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            if (!isWellFormedText(body)) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                        "The body is not valid UTF-8 (it arrived with bytes replaced by U+FFFD).");
            }
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is marked base64 but is not.");
        }
    }

    /** Whether the text has neither U+FFFD (a decoder's mark for bytes it could not read) nor a lone surrogate. */
    static boolean isWellFormedText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fails with 415 when a Content-Type declares a charset other than UTF-8: the API reads text as UTF-8 only, and
     * decoding ISO-8859-1 as UTF-8 (or the reverse) would store different characters than the client meant.
     */
    public static void requireUtf8Charset(HeaderValue mediaType) {
        String charset = mediaType.parameter("charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Charset " + charset + " is not supported; send UTF-8 text (charset=utf-8 or no charset).");
        }
    }

    static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, what + " is not valid UTF-8.");
        }
    }
}
