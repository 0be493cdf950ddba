package com.example.blog.local.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.example.blog.local.auth.LocalJwtIssuer;
import com.example.blog.local.auth.LocalSignIn;
import com.example.blog.local.gateway.GatewayRequest;
import com.example.blog.local.gateway.GatewayResponse;
import com.example.blog.local.gateway.SiteContent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The web page as the local stack serves it next to the API: the files of the repository's {@code web/} folder (what
 * a deployment copies into the site bucket), a {@code /config.json} pointing the page at this API and the local
 * sign-in, and that sign-in. Every answer carries the security headers the deployed distribution adds.
 */
public final class LocalSite implements SiteContent {

    /** The config the page reads; generated here, written by the deployment in the site bucket. */
    public static final String CONFIG_PATH = "/config.json";

    /**
     * The deployed distribution's headers, but images come from (and uploads go to) the local S3 endpoint over plain
     * HTTP on a port of this machine, where the deployment allows any HTTPS origin for images (presigned S3 URLs) and
     * the image bucket's own address for uploads.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' blob: data: http://127.0.0.1:* http://localhost:*;"
            + " connect-src 'self' http://127.0.0.1:* http://localhost:*;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "webp", "image/webp",
            "txt", "text/plain; charset=utf-8");

    private final Path root;
    private final LocalSignIn signIn;

    /**
     * @param root the folder of the page's files ({@code web/})
     */
    public LocalSite(Path root, LocalSignIn signIn) {
        this.root = root.toAbsolutePath().normalize();
        this.signIn = signIn;
    }

    @Override
    public Optional<GatewayResponse> answer(GatewayRequest request) {
        String host = request.header("Host");
        String origin = "http://" + (host == null ? "127.0.0.1" : host);
        Optional<LocalSignIn.Answer> signedIn = signIn.answer(request.method(), request.rawPath(), request.rawQuery(),
                request.header("Content-Type"), request.body(), origin);
        if (signedIn.isPresent()) {
            LocalSignIn.Answer answer = signedIn.get();
            return Optional.of(withSecurityHeaders(answer.status(), answer.headers(), answer.body()));
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Optional.empty();
        }
        if (request.rawPath().equals(CONFIG_PATH)) {
            return Optional.of(withSecurityHeaders(200, Map.of("Content-Type", "application/json",
                    "Cache-Control", "no-cache"), config()));
        }
        return file(request.rawPath()).map(file -> {
            try {
                return withSecurityHeaders(200, Map.of("Content-Type", type(file), "Cache-Control", "no-cache"),
                        Files.readAllBytes(file));
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** The config for this stack: the API on the same origin, the local sign-in's endpoints. */
    static byte[] config() {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("authorizeUrl", LocalSignIn.AUTHORIZE_PATH);
        auth.put("tokenUrl", LocalSignIn.TOKEN_PATH);
        auth.put("clientId", LocalJwtIssuer.AUDIENCE);
        auth.put("scope", "openid");
        auth.put("logoutUrl", null);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiBase", "");
        config.put("auth", auth);
        try {
            return JSON.writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The file a path names inside the site's folder: {@code /} is {@code index.html}; anything that is not a plain
     * path of regular files below the folder (dot segments, encoded characters, hidden files, links out) is nothing.
     */
    Optional<Path> file(String rawPath) {
        String path = rawPath.equals("/") ? "/index.html" : rawPath;
        if (!path.startsWith("/") || path.contains("%") || path.contains("\\") || path.contains("//")) {
            return Optional.empty();
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return Optional.empty();
            }
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || file.getFileName().toString().equals("config.json")) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private static String type(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static GatewayResponse withSecurityHeaders(int status, Map<String, String> own, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(own.entrySet());
        headers.add(Map.entry("Content-Security-Policy", CONTENT_SECURITY_POLICY));
        headers.add(Map.entry("X-Content-Type-Options", "nosniff"));
        headers.add(Map.entry("X-Frame-Options", "DENY"));
        headers.add(Map.entry("Referrer-Policy", "no-referrer"));
        return new GatewayResponse(status, headers, body);
    }
}
