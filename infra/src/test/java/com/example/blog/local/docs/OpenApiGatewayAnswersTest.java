package com.example.blog.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/openapi.yaml lists what the HTTP API answers itself, as it answers it: {@code application/json}
 * {@code {"message": ...}}, the authorizer's 401 with {@code WWW-Authenticate}, beside the functions' problems.
 */
class OpenApiGatewayAnswersTest {

    private static final Path ROOT = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();
    private static final Set<String> WRITES = Set.of("post", "put", "delete");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete");

    @Test
    void everyWrite_documentsTheAuthorizers401AsJsonMessageWithWwwAuthenticate() throws IOException {
        Map<String, Object> spec = spec();
        int writes = 0;
        for (Map.Entry<String, Map<String, Object>> operation : operations(spec)) {
            if (!WRITES.contains(method(operation.getKey()))) {
                continue;
            }
            writes++;
            Map<String, Object> unauthorized = response(spec, operation.getValue(), "401");
            assertThat(mapping(unauthorized.get("content"))).as(operation.getKey()).containsKey("application/json");
            assertThat(schemaRef(unauthorized, "application/json")).isEqualTo("#/components/schemas/GatewayMessage");
            assertThat(mapping(unauthorized.get("headers"))).as(operation.getKey()).containsKey("WWW-Authenticate");
        }
        assertThat(writes).as("POST /blogs, PUT and DELETE /blogs/{id}, POST /uploads").isEqualTo(4);
    }

    @Test
    void everyOperation_documentsTheGatewaysOwn400_500And503AsJsonMessages() throws IOException {
        Map<String, Object> spec = spec();
        for (Map.Entry<String, Map<String, Object>> operation : operations(spec)) {
            for (String status : List.of("400", "500", "503")) {
                Map<String, Object> answer = response(spec, operation.getValue(), status);
                assertThat(schemaRef(answer, "application/json")).as(operation.getKey() + " " + status)
                        .isEqualTo("#/components/schemas/GatewayMessage");
            }
        }
        Map<String, Object> message = mapping(mapping(mapping(spec.get("components")).get("schemas"))
                .get("GatewayMessage"));
        assertThat(message.get("required")).isEqualTo(List.of("message"));
    }

    private static Map<String, Object> spec() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docs/openapi.yaml"))) {
            return new Yaml().load(reader);
        }
    }

    private static List<Map.Entry<String, Map<String, Object>>> operations(Map<String, Object> spec) {
        return mapping(spec.get("paths")).entrySet().stream()
                .flatMap(path -> mapping(path.getValue()).entrySet().stream()
                        .filter(op -> METHODS.contains(op.getKey()))
                        .map(op -> Map.entry(path.getKey() + " " + op.getKey(), mapping(op.getValue()))))
                .toList();
    }

    private static String method(String operation) {
        return operation.substring(operation.lastIndexOf(' ') + 1);
    }

    private static Map<String, Object> response(Map<String, Object> spec, Map<String, Object> operation,
            String status) {
        Map<String, Object> response = mapping(mapping(operation.get("responses")).get(status));
        assertThat(response).as("response " + status).isNotEmpty();
        Object ref = response.get("$ref");
        if (ref instanceof String pointer) {
            String name = pointer.substring(pointer.lastIndexOf('/') + 1);
            return mapping(mapping(mapping(spec.get("components")).get("responses")).get(name));
        }
        return response;
    }

    private static String schemaRef(Map<String, Object> response, String mediaType) {
        return String.valueOf(mapping(mapping(mapping(response.get("content")).get(mediaType)).get("schema"))
                .get("$ref"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
