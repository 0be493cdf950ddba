package com.example.blog.http;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * JSON for request and response bodies on jackson-core's streaming API alone. The API only exchanges flat objects of
 * strings, numbers, booleans and null (and lists of such objects), so no object mapper is needed; leaving one out
 * keeps its classes off the cold-start path.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * The functions' one factory (its symbol tables and buffer recycling are shared by every parser it makes), also
     * for the runtime's events. It has jackson's defaults: events keep the last of duplicated fields, as the runtime's
     * own reader does, and only {@link #parseObject} turns on duplicate detection, per parser.
     */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * Parses exactly one JSON object: anything else (another JSON type, trailing content, duplicate keys) is
     * rejected, so no half-understood body reaches the service. Keys keep their order.
     */
    public static Map<String, Object> parseObject(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            // Two values for one key would leave the body ambiguous: reject it rather than keep either.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
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

    /** Writes maps (in their iteration order), lists, strings, numbers, booleans and null; null values are kept. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, value);
        } catch (IOException e) {
            // Writing to a StringWriter cannot fail on I/O; an unsupported type is a programming error.
            throw new IllegalStateException("Cannot write JSON", e);
        }
        return out.toString();
    }

    /**
     * An object as maps, lists, strings, numbers, booleans and nulls. The parser is on START_OBJECT; returns with it
     * on the matching END_OBJECT.
     */
    public static Map<String, Object> readObject(JsonParser parser) throws IOException {
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

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            generator.writeStartArray();
            for (Object item : items) {
                writeValue(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger number) {
            generator.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            generator.writeNumber(number);
        } else if (value instanceof Double || value instanceof Float) {
            generator.writeNumber(((Number) value).doubleValue());
        } else {
            throw new IOException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }
}
