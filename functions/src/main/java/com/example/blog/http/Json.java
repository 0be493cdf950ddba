package com.example.blog.http;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;

/** jackson-jr keeps JSON handling free of databind's reflection and class loading on the cold-start path. */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JSON READER = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .with(JSON.Feature.PRESERVE_FIELD_ORDERING);
    private static final JSON WRITER = JSON.std.with(JSON.Feature.PRESERVE_FIELD_ORDERING);

    private Json() {
    }

    /**
     * Parses exactly one JSON object: anything else (another JSON type, trailing content, duplicate keys) is
     * rejected, so no half-understood body reaches the service.
     */
    public static Map<String, Object> parseObject(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            Map<String, Object> value = READER.mapFrom(parser);
            if (parser.nextToken() != null) {
                throw new IOException("unexpected content after the JSON object");
            }
            return value;
        }
    }

    public static String write(Object value) {
        try {
            return WRITER.asString(value);
        } catch (IOException e) {
            // Only maps, lists, strings, numbers and booleans are written; failing here is a programming error.
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
