package com.example.blog.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
import com.example.blog.local.template.CorsConfiguration;
import com.example.blog.local.template.HttpRoute;
import com.example.blog.local.template.JwtAuthorizerDefinition;

/** The HTTP API's CORS handling, as API Gateway does it from the template's CorsConfiguration. */
class GatewayCorsIT {

    private static final String ALLOWED = "https://app.example";
    private static final CorsConfiguration CORS = new CorsConfiguration(List.of(ALLOWED),
            List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"), List.of("authorization", "content-type", "if-match"),
            List.of("etag", "location"), Optional.of(600), false);

    @TempDir
    Path directory;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalLambda lambda;
    private HttpApiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        lambda = ProbeArtifact.lambda(directory, 1, console::add);
        LocalJwtIssuer issuer = LocalJwtIssuer.open(directory.resolve("jwt"));
        gateway = HttpApiGateway.start("127.0.0.1", 0, new RouteTable(List.of(
                        new HttpRoute("GET", "/public/{action}", "Probe", Optional.empty(), List.of()),
                        new HttpRoute("POST", "/guarded/{action}", "Probe", Optional.of(
                                new JwtAuthorizerDefinition("Jwt", "$request.header.Authorization")), List.of()))),
                new JwtAuthorizer(issuer.publicKeys(), LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE), lambda,
                new PayloadV2.ApiIdentity("000000000000", "testapi"), HttpApiGateway.INTEGRATION_TIMEOUT,
                HttpApiGateway.Limits.DEFAULT, Optional.of(CORS));
    }

    @AfterEach
    void stop() {
        gateway.close();
        lambda.close();
    }

    @Test
    void preflight_isAnsweredByTheGateway204_withTheConfiguredHeaders_withoutInvokingAFunction() throws Exception {
        HttpResponse<String> response = send(request("/guarded/echo")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
        assertThat(response.headers().firstValue("access-control-allow-methods"))
                .hasValue("GET,POST,PUT,DELETE,OPTIONS");
        assertThat(response.headers().firstValue("access-control-allow-headers"))
                .hasValue("authorization,content-type,if-match");
        assertThat(response.headers().firstValue("access-control-max-age")).hasValue("600");
        assertThat(console).noneMatch(line -> line.contains("START RequestId"));
    }

    @Test
    void preflight_fromAnOriginNotAllowed_getsNoCorsHeaders() throws Exception {
        HttpResponse<String> response = send(request("/guarded/echo")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.startsWith("access-control-"));
    }

    @Test
    void responses_toAnAllowedOrigin_carryAllowOriginAndExposeHeaders_gatewayErrorsIncluded() throws Exception {
        HttpResponse<String> fromFunction = send(request("/public/respond").header("Origin", ALLOWED));
        HttpResponse<String> unauthorized = send(request("/guarded/echo").header("Origin", ALLOWED)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> otherOrigin = send(request("/public/respond").header("Origin", "https://evil.example"));

        for (HttpResponse<String> response : List.of(fromFunction, unauthorized)) {
            assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
            assertThat(response.headers().firstValue("access-control-expose-headers")).hasValue("etag,location");
            assertThat(response.headers().firstValue("vary")).hasValue("Origin");
        }
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(otherOrigin.statusCode()).isEqualTo(202);
        assertThat(otherOrigin.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
