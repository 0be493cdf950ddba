package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Http;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.IAM;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import com.example.blog.http.Json;

/**
 * The HTTP API payload 2.0 event and response, read and written on jackson-core's streaming API instead of by the
 * runtime's own serializer. The runtime builds a reflective object mapper for the event class on every cold start
 * (hundreds of classes and a good part of the init time); the handlers implement {@code RequestStreamHandler} and
 * come here instead.
 *
 * <p>The result must be what the runtime would have produced, field for field, for every event API Gateway sends:
 * unknown properties are skipped, {@code null} leaves a field unset, scalars given where a string is expected keep
 * their JSON text (a numeric claim such as {@code "exp": 1700000000} becomes {@code "1700000000"}), the last of
 * duplicate keys wins, and the response leaves out null properties and null map values. Tests hold this against the runtime's serializer
 * for every file in {@code events/}.
 */
public final class HttpApiEvents {

    private static final JsonFactory FACTORY = Json.factory();

    private HttpApiEvents() {
    }

    public static APIGatewayV2HTTPEvent read(InputStream input) throws IOException {
        try (JsonParser parser = FACTORY.createParser(input)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("The event is not a JSON object");
            }
            return event(parser);
        }
    }

    public static void write(APIGatewayV2HTTPResponse response, OutputStream output) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(output, JsonEncoding.UTF8)) {
            // The runtime owns the stream and closes it after the handler returns.
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.writeStartObject();
            generator.writeNumberField("statusCode", response.getStatusCode());
            writeStringMap(generator, "headers", response.getHeaders());
            if (response.getMultiValueHeaders() != null) {
                generator.writeObjectFieldStart("multiValueHeaders");
                for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
                    writeStringList(generator, header.getKey(), header.getValue());
                }
                generator.writeEndObject();
            }
            writeStringList(generator, "cookies", response.getCookies());
            if (response.getBody() != null) {
                generator.writeStringField("body", response.getBody());
            }
            generator.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
            generator.writeEndObject();
        }
    }

    private static APIGatewayV2HTTPEvent event(JsonParser parser) throws IOException {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                nullField(event, name);
                continue;
            }
            switch (name) {
                case "version" -> event.setVersion(string(parser));
                case "routeKey" -> event.setRouteKey(string(parser));
                case "rawPath" -> event.setRawPath(string(parser));
                case "rawQueryString" -> event.setRawQueryString(string(parser));
                case "cookies" -> event.setCookies(stringList(parser));
                case "headers" -> event.setHeaders(stringMap(parser));
                case "queryStringParameters" -> event.setQueryStringParameters(stringMap(parser));
                case "pathParameters" -> event.setPathParameters(stringMap(parser));
                case "stageVariables" -> event.setStageVariables(stringMap(parser));
                case "body" -> event.setBody(string(parser));
                case "isBase64Encoded" -> event.setIsBase64Encoded(bool(parser));
                case "requestContext" -> event.setRequestContext(requestContext(parser));
                default -> parser.skipChildren();
            }
        }
        return event;
    }

    /** An explicit null sets a reference field to null, and a primitive one to its zero, as the runtime does. */
    private static void nullField(APIGatewayV2HTTPEvent event, String name) {
        switch (name) {
            case "version" -> event.setVersion(null);
            case "routeKey" -> event.setRouteKey(null);
            case "rawPath" -> event.setRawPath(null);
            case "rawQueryString" -> event.setRawQueryString(null);
            case "cookies" -> event.setCookies(null);
            case "headers" -> event.setHeaders(null);
            case "queryStringParameters" -> event.setQueryStringParameters(null);
            case "pathParameters" -> event.setPathParameters(null);
            case "stageVariables" -> event.setStageVariables(null);
            case "body" -> event.setBody(null);
            case "isBase64Encoded" -> event.setIsBase64Encoded(false);
            case "requestContext" -> event.setRequestContext(null);
            default -> {
                // Unknown property: ignored, as by the runtime.
            }
        }
    }

    private static RequestContext requestContext(JsonParser parser) throws IOException {
        requireObject(parser, "requestContext");
        RequestContext context = new RequestContext();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean isNull = parser.nextToken() == JsonToken.VALUE_NULL;
            switch (name) {
                case "routeKey" -> context.setRouteKey(isNull ? null : string(parser));
                case "accountId" -> context.setAccountId(isNull ? null : string(parser));
                case "stage" -> context.setStage(isNull ? null : string(parser));
                case "apiId" -> context.setApiId(isNull ? null : string(parser));
                case "domainName" -> context.setDomainName(isNull ? null : string(parser));
                case "domainPrefix" -> context.setDomainPrefix(isNull ? null : string(parser));
                case "time" -> context.setTime(isNull ? null : string(parser));
                case "timeEpoch" -> context.setTimeEpoch(isNull ? 0 : longValue(parser));
                case "http" -> context.setHttp(isNull ? null : http(parser));
                case "authorizer" -> context.setAuthorizer(isNull ? null : authorizer(parser));
                case "requestId" -> context.setRequestId(isNull ? null : string(parser));
                default -> parser.skipChildren();
            }
        }
        return context;
    }

    private static Http http(JsonParser parser) throws IOException {
        requireObject(parser, "http");
        Http http = new Http();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String value = parser.nextToken() == JsonToken.VALUE_NULL ? null : string(parser);
            switch (name) {
                case "method" -> http.setMethod(value);
                case "path" -> http.setPath(value);
                case "protocol" -> http.setProtocol(value);
                case "sourceIp" -> http.setSourceIp(value);
                case "userAgent" -> http.setUserAgent(value);
                default -> {
                    // Unknown property: ignored, as by the runtime.
                }
            }
        }
        return http;
    }

    private static Authorizer authorizer(JsonParser parser) throws IOException {
        requireObject(parser, "authorizer");
        Authorizer authorizer = new Authorizer();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean isNull = parser.nextToken() == JsonToken.VALUE_NULL;
            switch (name) {
                case "jwt" -> authorizer.setJwt(isNull ? null : jwt(parser));
                case "lambda" -> authorizer.setLambda(isNull ? null : objectMap(parser));
                case "iam" -> authorizer.setIam(isNull ? null : iam(parser));
                default -> parser.skipChildren();
            }
        }
        return authorizer;
    }

    private static Authorizer.JWT jwt(JsonParser parser) throws IOException {
        requireObject(parser, "jwt");
        Authorizer.JWT jwt = new Authorizer.JWT();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean isNull = parser.nextToken() == JsonToken.VALUE_NULL;
            switch (name) {
                case "claims" -> jwt.setClaims(isNull ? null : stringMap(parser));
                case "scopes" -> jwt.setScopes(isNull ? null : stringList(parser));
                default -> parser.skipChildren();
            }
        }
        return jwt;
    }

    private static IAM iam(JsonParser parser) throws IOException {
        requireObject(parser, "iam");
        IAM iam = new IAM();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean isNull = parser.nextToken() == JsonToken.VALUE_NULL;
            switch (name) {
                case "accessKey" -> iam.setAccessKey(isNull ? null : string(parser));
                case "accountId" -> iam.setAccountId(isNull ? null : string(parser));
                case "callerId" -> iam.setCallerId(isNull ? null : string(parser));
                case "cognitoIdentity" -> iam.setCognitoIdentity(isNull ? null : cognitoIdentity(parser));
                case "principalOrgId" -> iam.setPrincipalOrgId(isNull ? null : string(parser));
                case "userArn" -> iam.setUserArn(isNull ? null : string(parser));
                case "userId" -> iam.setUserId(isNull ? null : string(parser));
                default -> parser.skipChildren();
            }
        }
        return iam;
    }

    private static CognitoIdentity cognitoIdentity(JsonParser parser) throws IOException {
        requireObject(parser, "cognitoIdentity");
        CognitoIdentity identity = new CognitoIdentity();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean isNull = parser.nextToken() == JsonToken.VALUE_NULL;
            switch (name) {
                case "amr" -> identity.setAmr(isNull ? null : stringList(parser));
                case "identityId" -> identity.setIdentityId(isNull ? null : string(parser));
                case "identityPoolId" -> identity.setIdentityPoolId(isNull ? null : string(parser));
                default -> parser.skipChildren();
            }
        }
        return identity;
    }

    /** A string property: JSON strings, and numbers and booleans by their text, as a string-typed property takes them. */
    private static String string(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isScalarValue()) {
            return parser.getText();
        }
        throw new IOException("Expected a string at " + parser.currentName() + ", found " + token);
    }

    private static boolean bool(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText().trim();
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        throw new IOException("Expected a boolean at " + parser.currentName() + ", found " + token);
    }

    private static long longValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getText().trim());
            } catch (NumberFormatException e) {
                throw new IOException("Expected a number at " + parser.currentName(), e);
            }
        }
        throw new IOException("Expected a number at " + parser.currentName() + ", found " + token);
    }

    private static Map<String, String> stringMap(JsonParser parser) throws IOException {
        requireObject(parser, parser.currentName());
        Map<String, String> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            map.put(key, parser.nextToken() == JsonToken.VALUE_NULL ? null : string(parser));
        }
        return map;
    }

    private static List<String> stringList(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        List<String> list = new ArrayList<>();
        if (token != JsonToken.START_ARRAY) {
            // A lone value where a list is expected is taken as a list of one, as the runtime does.
            list.add(string(parser));
            return list;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(parser.currentToken() == JsonToken.VALUE_NULL ? null : string(parser));
        }
        return list;
    }

    /** A Lambda authorizer's context: any JSON object. */
    private static Map<String, Object> objectMap(JsonParser parser) throws IOException {
        requireObject(parser, parser.currentName());
        return Json.readObject(parser);
    }

    private static void requireObject(JsonParser parser, String what) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("Expected an object at " + what + ", found " + parser.currentToken());
        }
    }

    private static void writeStringMap(JsonGenerator generator, String name, Map<String, String> map)
            throws IOException {
        if (map == null) {
            return;
        }
        generator.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getValue() != null) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
        }
        generator.writeEndObject();
    }

    /** Null lists and null map values are left out, as the runtime's non-null inclusion does; null items stay. */
    private static void writeStringList(JsonGenerator generator, String name, List<String> list) throws IOException {
        if (list == null) {
            return;
        }
        generator.writeArrayFieldStart(name);
        for (String item : list) {
            if (item == null) {
                generator.writeNull();
            } else {
                generator.writeString(item);
            }
        }
        generator.writeEndArray();
    }
}
