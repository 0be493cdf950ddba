package com.example.blog.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.http.Requests;
import com.example.blog.testing.InMemoryBlogRepository;
import com.example.blog.testing.InMemoryImageStore;
import com.example.blog.testing.TestContext;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The handlers' own event decoding and response encoding hold to the runtime's serializer, field for field: every
 * file in events/, plus the shapes API Gateway may send that the files do not show (numeric claims, explicit nulls,
 * unknown properties, a Lambda authorizer's context).
 */
class HttpApiEventsTest {

    static Stream<String> eventFiles() throws IOException {
        return EventFilesTest.eventFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void read_decodesEveryEventFileExactlyAsTheRuntimeDoes(String file) throws IOException {
        byte[] json = Files.readAllBytes(EventFilesTest.eventsDir().resolve(file));

        APIGatewayV2HTTPEvent ours = HttpApiEvents.read(new ByteArrayInputStream(json));
        APIGatewayV2HTTPEvent runtime = RuntimeSerializers.EVENT.fromJson(new ByteArrayInputStream(json));

        assertThat(ours).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(runtime);
        // What the handlers read from it, through the same helpers they use.
        assertThat(Requests.author(ours)).isEqualTo(Requests.author(runtime));
        assertThat(bodyOrError(ours)).isEqualTo(bodyOrError(runtime));
        assertThat(ours.getPathParameters()).isEqualTo(runtime.getPathParameters());
        assertThat(ours.getHeaders()).isEqualTo(runtime.getHeaders());
    }

    @Test
    void read_whenTheEventHasShapesTheFilesDoNotShow_agreesWithTheRuntime() throws IOException {
        String json = """
                {"version":"2.0","routeKey":"PUT /blogs/{id}","rawPath":"/blogs/x","rawQueryString":"a=1&a=2",
                 "cookies":["c=1","d=2"],"unknownTopLevel":{"nested":[1,2,{"x":null}]},
                 "headers":{"content-type":"application/json","x-empty":"","x-number":12},
                 "queryStringParameters":{"a":"1,2"},"pathParameters":{"id":"00000000-0000-4000-8000-000000000001"},
                 "stageVariables":null,
                 "requestContext":{"accountId":"123456789012","apiId":"api","domainName":"d.example.com",
                   "domainPrefix":"d","requestId":"r-1","routeKey":"PUT /blogs/{id}","stage":"$default",
                   "time":"01/Dec/2026:10:00:00 +0000","timeEpoch":1796119200000,"extra":"ignored",
                   "http":{"method":"PUT","path":"/blogs/x","protocol":"HTTP/1.1","sourceIp":"192.0.2.1",
                           "userAgent":"curl/8","future":true},
                   "authorizer":{"jwt":{"claims":{"sub":"s-1","username":"bob","exp":1796122800,
                                                  "email_verified":true,"cognito:username":null,
                                                  "scope":"blog/write"},
                                        "scopes":["blog/write","openid"]},
                                 "lambda":{"user":"bob","level":3,"roles":["a","b"],"nested":{"k":1.5}},
                                 "iam":{"accessKey":"AKIA","accountId":"1","callerId":"c","userArn":"arn",
                                        "userId":"u","principalOrgId":null,
                                        "cognitoIdentity":{"amr":["authenticated"],"identityId":"i",
                                                           "identityPoolId":"p"}}}},
                 "body":"eyJ0aXRsZSI6IlwidTAwZTkifQ==","isBase64Encoded":true}
                """;
        assertAgreesWithRuntime(json);
        assertThat(Requests.author(read(json))).contains("bob");
    }

    @Test
    void read_whenFieldsAreExplicitlyNullOrDuplicated_agreesWithTheRuntime() throws IOException {
        assertAgreesWithRuntime("""
                {"body":null,"isBase64Encoded":null,"headers":null,"requestContext":{"authorizer":null,"http":null,
                 "timeEpoch":null},"cookies":null,"pathParameters":{"id":null}}
                """);
        assertAgreesWithRuntime("""
                {"body":"first","body":"second","isBase64Encoded":false,"headers":{"a":"1","a":"2"}}
                """);
        assertAgreesWithRuntime("{}");
        assertAgreesWithRuntime("""
                {"body":"caf\\u00e9 \\ud83d\\ude00 line\\nbreak","isBase64Encoded":"true","cookies":"single"}
                """);
    }

    @Test
    void read_whenTheEventIsNotAnObject_fails() {
        assertThatThrownBy(() -> read("[]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"headers\":[\"a\"]}")).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void write_encodesEveryHandlersResponseAsTheRuntimeWould(String file) throws IOException {
        APIGatewayV2HTTPEvent event = RuntimeSerializers.EVENT.fromJson(
                Files.newInputStream(EventFilesTest.eventsDir().resolve(file)));
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        RuntimeSerializers.EVENT.toJson(event, input);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        EventFilesTest.handlerFor(event, InMemoryBlogRepository.seeded(), new InMemoryImageStore())
                .handleRequest(new ByteArrayInputStream(input.toByteArray()), output, new TestContext());

        APIGatewayV2HTTPResponse response = RuntimeSerializers.RESPONSE.fromJson(
                new ByteArrayInputStream(output.toByteArray()));
        assertSameJson(output.toByteArray(), runtimeJson(response));
    }

    @Test
    void write_whenTheResponseUsesEveryField_matchesTheRuntimesJson() throws IOException {
        APIGatewayV2HTTPResponse full = new APIGatewayV2HTTPResponse();
        full.setStatusCode(201);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-null", null);
        full.setHeaders(headers);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("vary", List.of("a", "b"));
        multi.put("empty", null);
        full.setMultiValueHeaders(multi);
        full.setCookies(new ArrayList<>(Arrays.asList("a=1", null)));
        full.setBody("caf\u00e9 \"quoted\" \ud83d\ude00\n");
        full.setIsBase64Encoded(true);

        assertSameJson(ours(full), runtimeJson(full));
        assertSameJson(ours(new APIGatewayV2HTTPResponse()), runtimeJson(new APIGatewayV2HTTPResponse()));
    }

    private static void assertAgreesWithRuntime(String json) throws IOException {
        APIGatewayV2HTTPEvent runtime = RuntimeSerializers.EVENT.fromJson(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(read(json)).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(runtime);
    }

    private static APIGatewayV2HTTPEvent read(String json) throws IOException {
        try (InputStream input = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return HttpApiEvents.read(input);
        }
    }

    private static Object bodyOrError(APIGatewayV2HTTPEvent event) {
        try {
            return Arrays.toString(Requests.bodyBytes(event));
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static byte[] ours(APIGatewayV2HTTPResponse response) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        HttpApiEvents.write(response, output);
        return output.toByteArray();
    }

    private static byte[] runtimeJson(APIGatewayV2HTTPResponse response) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        RuntimeSerializers.RESPONSE.toJson(response, output);
        return output.toByteArray();
    }

    private static void assertSameJson(byte[] ours, byte[] runtime) throws IOException {
        Object expected = JSON.std.anyFrom(runtime);
        Object actual = JSON.std.anyFrom(ours);
        assertThat(actual).as(new String(ours, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
