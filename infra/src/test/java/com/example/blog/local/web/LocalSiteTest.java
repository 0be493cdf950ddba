package com.example.blog.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.auth.LocalJwtIssuer;
import com.example.blog.local.auth.LocalSignIn;
import com.example.blog.local.gateway.GatewayRequest;
import com.example.blog.local.gateway.GatewayResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The web page's files, config and headers as the local gateway serves them. */
class LocalSiteTest {

    @TempDir
    Path directory;

    private LocalSite site;

    @BeforeEach
    void create() throws Exception {
        Path web = Files.createDirectories(directory.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Blog</title>");
        Files.writeString(web.resolve("app.js"), "export {};");
        Files.writeString(web.resolve("config.json"), "{\"apiBase\":\"https://deployed.example\"}");
        Files.writeString(web.resolve(".hidden"), "secret");
        Files.writeString(directory.resolve("outside.txt"), "not the site's");
        site = new LocalSite(web, new LocalSignIn(LocalJwtIssuer.open(directory.resolve("jwt")), Clock.systemUTC()));
    }

    private static GatewayRequest get(String path) {
        return new GatewayRequest("GET", path, "", List.of(Map.entry("Host", "127.0.0.1:3000")), new byte[0],
                "127.0.0.1", "HTTP/1.1");
    }

    @Test
    void answer_forTheRoot_servesIndexHtmlWithSecurityHeaders() {
        GatewayResponse response = site.answer(get("/")).orElseThrow();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/html");
        assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'")
                .contains("script-src 'self'");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void answer_forAModule_servesItAsJavaScript() {
        assertThat(site.answer(get("/app.js")).orElseThrow().header("Content-Type")).startsWith("text/javascript");
    }

    @Test
    void answer_forConfigJson_pointsAtThisApiAndTheLocalSignIn() throws Exception {
        GatewayResponse response = site.answer(get("/config.json")).orElseThrow();
        JsonNode config = new ObjectMapper().readTree(response.body());
        assertThat(config.get("apiBase").asText()).isEmpty();
        assertThat(config.at("/auth/authorizeUrl").asText()).isEqualTo(LocalSignIn.AUTHORIZE_PATH);
        assertThat(config.at("/auth/tokenUrl").asText()).isEqualTo(LocalSignIn.TOKEN_PATH);
        assertThat(config.at("/auth/clientId").asText()).isEqualTo(LocalJwtIssuer.AUDIENCE);
    }

    @Test
    void answer_forPathsOutsideTheFolderOrHidden_isEmpty() {
        for (String path : List.of("/../outside.txt", "/%2e%2e/outside.txt", "/.hidden", "//etc/passwd",
                "/missing.js", "/web/../../outside.txt", "/..\\outside.txt")) {
            assertThat(site.answer(get(path))).as(path).isEmpty();
        }
    }

    @Test
    void answer_forWrites_isEmpty() {
        GatewayRequest post = new GatewayRequest("POST", "/index.html", "", List.of(), "x".getBytes(
                StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1");
        assertThat(site.answer(post)).isEmpty();
    }
}
