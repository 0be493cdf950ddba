package com.example.blog.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.auth.JwtAuthorizer;
import com.example.blog.local.auth.LocalJwtIssuer;
import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.runtime.ProbeArtifact;
import com.example.blog.local.template.HttpRoute;
import com.example.blog.local.template.JwtAuthorizerDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The gateway over HTTP in front of a real function process (the probe function, through the runtime client). */
class HttpApiGatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JwtAuthorizerDefinition JWT = new JwtAuthorizerDefinition("Jwt",
            "$request.header.Authorization");

    @TempDir
    Path directory;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalLambda lambda;
    private HttpApiGateway gateway;
    private LocalJwtIssuer issuer;

    @BeforeEach
    void start() throws Exception {
        lambda = ProbeArtifact.lambda(directory, 2, console::add);
        issuer = LocalJwtIssuer.open(directory.resolve("jwt"));
        gateway = HttpApiGateway.start("127.0.0.1", 0, new RouteTable(List.of(
                        new HttpRoute("GET", "/public/{action}", "Probe", Optional.empty(), List.of()),
                        new HttpRoute("POST", "/guarded/{action}", "Probe", Optional.of(JWT), List.of()))),
                new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE), lambda,
                new PayloadV2.ApiIdentity("000000000000", "testapi"), HttpApiGateway.INTEGRATION_TIMEOUT);
    }

    @AfterEach
    void stop() {
        gateway.close();
        lambda.close();
    }

    @Test
    void guardedRoute_withAValidToken_invokesTheFunctionWithTheClaims() throws Exception {
        HttpResponse<String> response = send(post("/guarded/echo?x=1", "{\"a\":1}", "application/json")
                .header("Authorization", "Bearer " + issuer.token("alice", Duration.ofMinutes(5))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = JSON.readTree(response.body()).get("event");
        assertThat(event.get("routeKey").asText()).isEqualTo("POST /guarded/{action}");
        assertThat(event.at("/pathParameters/action").asText()).isEqualTo("echo");
        assertThat(event.at("/queryStringParameters/x").asText()).isEqualTo("1");
        assertThat(event.get("body").asText()).isEqualTo("{\"a\":1}");
        assertThat(event.at("/requestContext/authorizer/jwt/claims/cognito:username").asText()).isEqualTo("alice");
        assertThat(event.at("/requestContext/apiId").asText()).isEqualTo("testapi");
        assertThat(event.at("/requestContext/requestId").asText())
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
    }

    @Test
    void guardedRoute_withoutAToken_is401WithoutInvokingTheFunction() throws Exception {
        HttpResponse<String> response = send(post("/guarded/echo", "{}", "application/json").build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(console).noneMatch(line -> line.contains("START RequestId"));
    }

    @Test
    void guardedRoute_withAnExpiredToken_is401() throws Exception {
        LocalJwtIssuer pastIssuer = LocalJwtIssuer.open(directory.resolve("jwt"),
                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC));

        HttpResponse<String> response = send(post("/guarded/echo", "{}", "application/json")
                .header("Authorization", "Bearer " + pastIssuer.token("alice", Duration.ofHours(1))).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    @Test
    void guardedRoute_withATokenOfAnotherKey_is401() throws Exception {
        String forged = LocalJwtIssuer.open(directory.resolve("other-jwt")).token("alice", Duration.ofHours(1));

        HttpResponse<String> response = send(post("/guarded/echo", "{}", "application/json")
                .header("Authorization", "Bearer " + forged).build());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void publicRoute_mapsTheFunctionsProxyResponse_cookiesHeadersAndBase64Body() throws Exception {
        HttpResponse<byte[]> response = http.send(get("/public/respond").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).containsExactly(0, 1, 2, 255);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.headers().allValues("x-many")).containsExactly("one", "two");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; HttpOnly", "theme=dark");
    }

    @Test
    void publicRoute_whenTheFunctionThrows_is500WithApiGatewaysMessage() throws Exception {
        HttpResponse<String> response = send(get("/public/throw").build());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void unknownRoute_is404WithApiGatewaysMessage() throws Exception {
        HttpResponse<String> response = send(get("/nowhere").build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void binaryBody_reachesTheFunctionBase64Encoded() throws Exception {
        HttpResponse<String> response = send(post("/guarded/echo", "--b\r\n\u0000\u00ff", "multipart/form-data; boundary=b")
                .header("Authorization", issuer.token("bob", Duration.ofMinutes(5))).build());

        JsonNode event = JSON.readTree(response.body()).get("event");
        assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(event.get("body").asText()))
                .isEqualTo("--b\r\n\u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void requestLog_namesTheMethodAndPathOfAnInvocationAnsweredLater() throws Exception {
        // The gateway logs through slf4j-simple, which writes to whatever System.err is at the time.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = send(get("/public/echo?x=1").build());
            assertThat(response.statusCode()).isEqualTo(200);
            // The line is written once the response has gone, so it may follow the client's read by a moment.
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!captured.toString(StandardCharsets.UTF_8).contains(" -> Probe ") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        } finally {
            System.setErr(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("GET /public/echo?x=1 -> Probe 200");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + path)).GET();
    }

    private HttpRequest.Builder post(String path, String body, String contentType) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
