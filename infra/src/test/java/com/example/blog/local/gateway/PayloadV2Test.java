package com.example.blog.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.example.blog.local.template.HttpRoute;
import com.example.blog.local.template.JwtAuthorizerDefinition;
import com.fasterxml.jackson.databind.JsonNode;

class PayloadV2Test {

    private static final HttpRoute GET_BLOG = new HttpRoute("GET", "/blogs/{id}", "GetBlogFunction", Optional.empty(),
            List.of());
    private static final HttpRoute CREATE_BLOG = new HttpRoute("POST", "/blogs", "CreateBlogFunction",
            Optional.of(new JwtAuthorizerDefinition("BlogJwtAuthorizer", "$request.header.Authorization")), List.of());
    private static final PayloadV2.ApiIdentity API = new PayloadV2.ApiIdentity("000000000000", "bloglocal1");
    private static final Instant TIME = Instant.parse("2026-03-12T19:03:58.390Z");

    @Test
    void event_carriesRouteRawPathQueryHeadersAndContext_asApiGatewayBuildsThem() {
        GatewayRequest request = new GatewayRequest("GET", "/blogs/abc%20def", "limit=5&tag=a&tag=b%2Bc&flag",
                List.of(Map.entry("Host", "localhost:3000"), Map.entry("User-Agent", "curl/8.0"),
                        Map.entry("Accept", "text/html"), Map.entry("Accept", "application/json"),
                        Map.entry("Cookie", "a=1; b=2"), Map.entry("Cookie", "c=3")),
                new byte[0], "127.0.0.1", "HTTP/1.1");

        JsonNode event = PayloadV2.event(request, new RouteTable.Match(GET_BLOG, Map.of("id", "abc def")), null,
                API, "req-1", TIME);

        assertThat(event.get("version").asText()).isEqualTo("2.0");
        assertThat(event.get("routeKey").asText()).isEqualTo("GET /blogs/{id}");
        assertThat(event.get("rawPath").asText()).isEqualTo("/blogs/abc%20def");
        assertThat(event.get("rawQueryString").asText()).isEqualTo("limit=5&tag=a&tag=b%2Bc&flag");
        assertThat(event.at("/queryStringParameters/tag").asText()).isEqualTo("a,b+c");
        assertThat(event.at("/queryStringParameters/flag").asText()).isEmpty();
        assertThat(event.at("/headers/accept").asText()).isEqualTo("text/html,application/json");
        assertThat(event.at("/headers/user-agent").asText()).isEqualTo("curl/8.0");
        assertThat(event.get("headers").has("cookie")).isFalse();
        assertThat(event.get("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2", "c=3");
        assertThat(event.at("/pathParameters/id").asText()).isEqualTo("abc def");
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.has("body")).isFalse();
        JsonNode context = event.get("requestContext");
        assertThat(context.get("accountId").asText()).isEqualTo("000000000000");
        assertThat(context.get("apiId").asText()).isEqualTo("bloglocal1");
        assertThat(context.get("domainName").asText()).isEqualTo("localhost");
        assertThat(context.get("domainPrefix").asText()).isEqualTo("localhost");
        assertThat(context.at("/http/method").asText()).isEqualTo("GET");
        assertThat(context.at("/http/path").asText()).isEqualTo("/blogs/abc%20def");
        assertThat(context.at("/http/protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(context.at("/http/sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.at("/http/userAgent").asText()).isEqualTo("curl/8.0");
        assertThat(context.get("requestId").asText()).isEqualTo("req-1");
        assertThat(context.get("routeKey").asText()).isEqualTo("GET /blogs/{id}");
        assertThat(context.get("stage").asText()).isEqualTo("$default");
        assertThat(context.get("time").asText()).isEqualTo("12/Mar/2026:19:03:58 +0000");
        assertThat(context.get("timeEpoch").asLong()).isEqualTo(TIME.toEpochMilli());
        assertThat(context.has("authorizer")).isFalse();
    }

    @Test
    void event_withoutQueryOrCookies_leavesThoseFieldsOut() {
        GatewayRequest request = new GatewayRequest("GET", "/blogs", "", List.of(Map.entry("Host", "h")),
                new byte[0], "10.0.0.1", "HTTP/1.1");

        JsonNode event = PayloadV2.event(request, new RouteTable.Match(
                new HttpRoute("GET", "/blogs", "F", Optional.empty(), List.of()), Map.of()), null, API, "r", TIME);

        assertThat(event.has("queryStringParameters")).isFalse();
        assertThat(event.has("cookies")).isFalse();
        assertThat(event.has("pathParameters")).isFalse();
        assertThat(event.get("rawQueryString").asText()).isEmpty();
    }

    @Test
    void event_onAGuardedRoute_carriesTheJwtClaimsAndScopes() {
        GatewayRequest request = new GatewayRequest("POST", "/blogs", "", List.of(
                Map.entry("Content-Type", "application/json; charset=utf-8")),
                "{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1");

        JsonNode event = PayloadV2.event(request, new RouteTable.Match(CREATE_BLOG, Map.of()),
                new PayloadV2.JwtContext(Map.of("cognito:username", "alice", "exp", "1700000000"), List.of()),
                API, "r", TIME);

        assertThat(event.at("/requestContext/authorizer/jwt/claims/cognito:username").asText()).isEqualTo("alice");
        assertThat(event.at("/requestContext/authorizer/jwt/claims/exp").isTextual()).isTrue();
        assertThat(event.at("/requestContext/authorizer/jwt/scopes").isNull()).isTrue();
        assertThat(event.get("body").asText()).isEqualTo("{\"title\":\"t\"}");
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void event_withABinaryBody_base64EncodesIt() {
        byte[] body = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        GatewayRequest request = new GatewayRequest("POST", "/blogs", "", List.of(
                Map.entry("Content-Type", "multipart/form-data; boundary=x")), body, "127.0.0.1", "HTTP/1.1");

        JsonNode event = PayloadV2.event(request, new RouteTable.Match(CREATE_BLOG, Map.of()), null, API, "r", TIME);

        assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.get("body").asText())).isEqualTo(body);
    }

    @Test
    void isTextual_followsApiGatewaysTextTypes() {
        assertThat(PayloadV2.isTextual("text/plain; charset=utf-8")).isTrue();
        assertThat(PayloadV2.isTextual("application/json")).isTrue();
        assertThat(PayloadV2.isTextual("application/problem+json")).isTrue();
        assertThat(PayloadV2.isTextual("application/xml")).isTrue();
        assertThat(PayloadV2.isTextual("application/x-www-form-urlencoded")).isTrue();
        assertThat(PayloadV2.isTextual("multipart/form-data; boundary=b")).isFalse();
        assertThat(PayloadV2.isTextual("image/png")).isFalse();
        assertThat(PayloadV2.isTextual("application/octet-stream")).isFalse();
        assertThat(PayloadV2.isTextual(null)).isFalse();
    }

    @Test
    void response_mapsStatusHeadersMultiValueHeadersCookiesAndBase64Body() throws Exception {
        String result = "{\"statusCode\":201,\"headers\":{\"content-type\":\"image/png\",\"etag\":\"\\\"1\\\"\"},"
                + "\"multiValueHeaders\":{\"x-many\":[\"a\",\"b\"]},\"cookies\":[\"s=1; HttpOnly\",\"t=2\"],"
                + "\"body\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\","
                + "\"isBase64Encoded\":true}";

        GatewayResponse response = PayloadV2.response(result.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.headers()).contains(Map.entry("content-type", "image/png"), Map.entry("etag", "\"1\""),
                Map.entry("x-many", "a"), Map.entry("x-many", "b"), Map.entry("Set-Cookie", "s=1; HttpOnly"),
                Map.entry("Set-Cookie", "t=2"));
    }

    @Test
    void response_withoutStatusCode_isInferredAsA200JsonBody() throws Exception {
        GatewayResponse object = PayloadV2.response("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));
        GatewayResponse string = PayloadV2.response("\"just text\"".getBytes(StandardCharsets.UTF_8));

        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(object.header("content-type")).isEqualTo("application/json");
        assertThat(object.bodyAsString()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(string.bodyAsString()).isEqualTo("just text");
    }

    @Test
    void response_whenMalformed_isRejected() {
        assertThatThrownBy(() -> PayloadV2.response("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadV2.MalformedResponseException.class);
        assertThatThrownBy(() -> PayloadV2.response("{\"statusCode\":\"two hundred\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadV2.MalformedResponseException.class);
        assertThatThrownBy(() -> PayloadV2.response("{\"statusCode\":200,\"body\":{\"a\":1}}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(PayloadV2.MalformedResponseException.class);
        assertThatThrownBy(() -> PayloadV2.response("{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(PayloadV2.MalformedResponseException.class);
    }
}
