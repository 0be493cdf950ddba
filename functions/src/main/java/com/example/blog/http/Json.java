package com.example.blog.http;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * JSON for request and response bodies. The API only exchanges objects of strings, numbers, booleans and null (and
 * lists of such objects), so no object mapper is needed.
 *
 * <p>Reading is jackson-core's streaming parser. Writing is done here: every response writes JSON, and jackson-core's
 * factory and generator alone are some 70 classes on every cold start, while the output needs only RFC 8259 string
 * escaping. {@link #writeString} escapes exactly as jackson-core's default generator does, so the bytes are the same:
 * quote and backslash, the short escapes for backspace, tab, line feed, form feed and carriage return, other control
 * characters as six-character hexadecimal escapes, everything else (non-ASCII included) as is.
 */
public final class Json {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Json() {
    }

    /**
     * Parses exactly one JSON object: anything else (another JSON type, trailing content, duplicate keys) is
     * rejected, so no half-understood body reaches the service. Keys keep their order.
     */
    public static Map<String, Object> parseObject(String text) throws IOException {
        return Reader.parseObject(text);
    }

    /** Writes maps (in their iteration order), lists, strings, numbers, booleans and null; null values are kept. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        writeValue(out, value);
        return out.toString();
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            writeString(out, text);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, String.valueOf(entry.getKey()));
                out.append(':');
                writeValue(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeValue(out, item);
            }
            out.append(']');
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger
                || value instanceof BigDecimal) {
            out.append(value);
        } else if ((value instanceof Double || value instanceof Float)
                && Double.isFinite(((Number) value).doubleValue())) {
            out.append(value);
        } else {
            // Only the types above are ever written; anything else (or NaN) is a programming error.
            throw new IllegalStateException("Cannot write a " + value.getClass().getName() + " as JSON: " + value);
        }
    }

    static void writeString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** In its own class so that only requests that carry JSON load jackson-core. */
    private static final class Reader {

        private static final JsonFactory FACTORY = JsonFactory.builder()
                // Two values for one key would leave the body ambiguous: reject it rather than keep either.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();

        static Map<String, Object> parseObject(String text) throws IOException {
            try (JsonParser parser = FACTORY.createParser(text)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("expected a JSON object");
                }
                Map<String, Object> value = readObject(parser);
                if (parser.nextToken() != null) {
                    throw new IOException("unexpected content after the JSON object");
                }
                return value;
            }
        }

        /** The parser is on START_OBJECT; returns with it on the matching END_OBJECT. */
        private static Map<String, Object> readObject(JsonParser parser) throws IOException {
            Map<String, Object> object = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.put(name, readValue(parser));
            }
            return object;
        }

        private static Object readValue(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            return switch (token) {
                case START_OBJECT -> readObject(parser);
                case START_ARRAY -> {
                    List<Object> array = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(readValue(parser));
                    }
                    yield array;
                }
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> parser.getNumberValue();
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw new IOException("unexpected JSON token " + token);
            };
        }
    }
}
