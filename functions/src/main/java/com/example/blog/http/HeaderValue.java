package com.example.blog.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value of the form {@code value *( OWS ";" OWS name "=" ( token / quoted-string ) )}, as used by
 * Content-Type (RFC 9110 section 8.3) and Content-Disposition (RFC 6266). The leading value and parameter names
 * are lower-cased; parameter values keep their case.
 */
public record HeaderValue(String value, Map<String, String> parameters) {

    public HeaderValue {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Thrown for values no well-behaved client sends; callers turn it into a 400. */
    public static final class MalformedHeaderException extends Exception {
        public MalformedHeaderException(String message) {
            super(message, null, false, false);
        }
    }

    public static HeaderValue parse(String header) throws MalformedHeaderException {
        if (header == null) {
            throw new MalformedHeaderException("header is missing");
        }
        Cursor in = new Cursor(header);
        in.skipWhitespace();
        String value = in.token();
        if (value.isEmpty()) {
            throw new MalformedHeaderException("header has no value");
        }
        // Media types are token "/" token; dispositions are a single token.
        if (in.peek() == '/') {
            in.next();
            String subtype = in.token();
            if (subtype.isEmpty()) {
                throw new MalformedHeaderException("media type has no subtype");
            }
            value = value + "/" + subtype;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        in.skipWhitespace();
        while (!in.atEnd()) {
            if (in.next() != ';') {
                throw new MalformedHeaderException("expected ';' before a parameter");
            }
            in.skipWhitespace();
            if (in.atEnd()) {
                break; // a trailing ';' is common and harmless
            }
            String name = in.token().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || in.atEnd() || in.next() != '=') {
                throw new MalformedHeaderException("parameter without name or '='");
            }
            String parameterValue = in.peek() == '"' ? in.quotedString() : in.token();
            if (parameters.putIfAbsent(name, parameterValue) != null) {
                throw new MalformedHeaderException("parameter '" + name + "' appears twice");
            }
            in.skipWhitespace();
        }
        return new HeaderValue(value.toLowerCase(Locale.ROOT), parameters);
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    private static final class Cursor {
        private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        char next() {
            return text.charAt(position++);
        }

        void skipWhitespace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                position++;
            }
        }

        String token() {
            int start = position;
            while (!atEnd()) {
                char c = peek();
                if (c <= 0x20 || c >= 0x7f || SEPARATORS.indexOf(c) >= 0) {
                    break;
                }
                position++;
            }
            return text.substring(start, position);
        }

        String quotedString() throws MalformedHeaderException {
            position++; // opening quote
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char c = next();
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    c = next();
                }
                if (c == '\r' || c == '\n') {
                    throw new MalformedHeaderException("line break in a quoted string");
                }
                value.append(c);
            }
            throw new MalformedHeaderException("unterminated quoted string");
        }
    }
}
