package com.example.blog.local.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HTTP API's Lambda proxy integration, payload format version 2.0: the event API Gateway sends a function for
 * a request, and how it turns the function's result into the HTTP response.
 */
public final class PayloadV2 {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private PayloadV2() {
    }

    /** Who the API is, for {@code requestContext}. */
    public record ApiIdentity(String accountId, String apiId) {
    }

    /** What the authorizer established: the token's claims (strings) and scopes. */
    public record JwtContext(Map<String, String> claims, List<String> scopes) {
    }

    /**
     * The event for a request routed to {@code match}. The {@code cookie} header becomes the {@code cookies} list;
     * repeated headers and query parameters are joined with commas; a body is base64-encoded unless its content
     * type is textual.
     */
    public static ObjectNode event(GatewayRequest request, RouteTable.Match match, JwtContext jwt, ApiIdentity api,
            String requestId, Instant time) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery());

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.strip());
                    }
                }
            } else {
                headers.merge(name, header.getValue(), (first, next) -> first + "," + next);
            }
        }
        String host = headers.getOrDefault("host", "localhost");
        String domainName = host.contains(":") && !host.endsWith("]") ? host.substring(0, host.lastIndexOf(':'))
                : host;
        String port = host.contains(":") && !host.endsWith("]") ? host.substring(host.lastIndexOf(':') + 1) : "80";
        headers.putIfAbsent("x-forwarded-for", request.sourceIp());
        headers.putIfAbsent("x-forwarded-port", port);
        headers.putIfAbsent("x-forwarded-proto", "http");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        headers.putIfAbsent("x-amzn-trace-id", String.format(Locale.ROOT, "Root=1-%08x-%08x%016x",
                time.getEpochSecond(), random.nextInt(), random.nextLong()));
        if (!cookies.isEmpty()) {
            ArrayNode cookieArray = event.putArray("cookies");
            cookies.forEach(cookieArray::add);
        }
        ObjectNode headerObject = event.putObject("headers");
        headers.forEach(headerObject::put);

        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode queryObject = event.putObject("queryStringParameters");
            query.forEach(queryObject::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        if (jwt != null) {
            ObjectNode jwtNode = context.putObject("authorizer").putObject("jwt");
            ObjectNode claims = jwtNode.putObject("claims");
            jwt.claims().forEach(claims::put);
            if (jwt.scopes().isEmpty()) {
                jwtNode.putNull("scopes");
            } else {
                ArrayNode scopes = jwtNode.putArray("scopes");
                jwt.scopes().forEach(scopes::add);
            }
        }
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.contains(".") ? domainName.substring(0, domainName.indexOf('.'))
                : domainName);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", match.route().routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(time));
        context.put("timeEpoch", time.toEpochMilli());

        if (!match.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        }
        if (request.body().length > 0) {
            boolean text = isTextual(headers.get("content-type"));
            event.put("body", text ? new String(request.body(), StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(request.body()));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /**
     * Whether API Gateway passes a body of this content type as text: {@code text/*}, JSON, XML, JavaScript and
     * URL-encoded forms (with any {@code +json}/{@code +xml} suffix); anything else, or no content type, is
     * binary and base64-encoded.
     */
    static boolean isTextual(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/javascript") || type.equals("application/x-www-form-urlencoded");
    }

    /** Query parameters, percent-decoded, repeats joined with commas; {@code ?a} gives {@code a=""}. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = RouteTable.decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : RouteTable.decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters;
    }

    /** The function's result is not something API Gateway can turn into a response. */
    static final class MalformedResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }

    /**
     * The HTTP response for a function's result. A JSON object with a {@code statusCode} is read as a structured
     * response; any other valid JSON is, as API Gateway infers, a 200 whose body is that JSON.
     */
    static GatewayResponse response(byte[] payload) throws MalformedResponseException {
        JsonNode result;
        try {
            result = JSON.readTree(payload);
        } catch (IOException e) {
            throw new MalformedResponseException("the function's result is not JSON");
        }
        if (result == null || result.isMissingNode()) {
            throw new MalformedResponseException("the function returned nothing");
        }
        if (!result.isObject() || !result.has("statusCode")) {
            byte[] body = result.isTextual() ? result.asText().getBytes(StandardCharsets.UTF_8)
                    : result.toString().getBytes(StandardCharsets.UTF_8);
            return new GatewayResponse(200, List.of(Map.entry("Content-Type", "application/json")), body);
        }
        JsonNode status = result.get("statusCode");
        if (!status.canConvertToInt() || !status.isIntegralNumber() || status.asInt() < 100 || status.asInt() > 599) {
            throw new MalformedResponseException("statusCode is not an HTTP status: " + status);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        JsonNode headerNode = result.path("headers");
        if (headerNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headerNode.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> header = it.next();
                headers.add(Map.entry(header.getKey(), scalar(header.getValue(), "headers." + header.getKey())));
            }
        } else if (!headerNode.isMissingNode() && !headerNode.isNull()) {
            throw new MalformedResponseException("headers is not an object");
        }
        JsonNode multiValueHeaders = result.path("multiValueHeaders");
        if (multiValueHeaders.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = multiValueHeaders.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> header = it.next();
                if (!header.getValue().isArray()) {
                    throw new MalformedResponseException("multiValueHeaders." + header.getKey() + " is not a list");
                }
                for (JsonNode value : header.getValue()) {
                    headers.add(Map.entry(header.getKey(), scalar(value, "multiValueHeaders." + header.getKey())));
                }
            }
        }
        JsonNode cookies = result.path("cookies");
        if (cookies.isArray()) {
            for (JsonNode cookie : cookies) {
                headers.add(Map.entry("Set-Cookie", scalar(cookie, "cookies")));
            }
        } else if (!cookies.isMissingNode() && !cookies.isNull()) {
            throw new MalformedResponseException("cookies is not a list");
        }
        JsonNode bodyNode = result.path("body");
        byte[] body;
        if (bodyNode.isMissingNode() || bodyNode.isNull()) {
            body = new byte[0];
        } else if (!bodyNode.isTextual()) {
            throw new MalformedResponseException("body is not a string");
        } else if (result.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = Base64.getDecoder().decode(bodyNode.asText());
            } catch (IllegalArgumentException e) {
                throw new MalformedResponseException("isBase64Encoded is true but body is not base64");
            }
        } else {
            body = bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new GatewayResponse(status.asInt(), headers, body);
    }

    private static String scalar(JsonNode value, String where) throws MalformedResponseException {
        if (value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        throw new MalformedResponseException(where + " is not a string");
    }
}
