package com.example.blog.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict parser of multipart/form-data (RFC 7578 over the multipart syntax of RFC 2046) for bodies that are
 * already in memory, as every Lambda request body is.
 *
 * <p>Delimiters must be CRLF-framed as the RFCs require (every browser, curl and HTTP library sends CRLF); a body
 * that does not follow the grammar is rejected rather than guessed at. Part content is taken byte for byte, so
 * binary files and CRLFs inside values survive. The preamble, transport padding after a boundary and the epilogue
 * are allowed and ignored. Searching uses Boyer-Moore-Horspool so hostile bodies cannot make parsing quadratic.
 */
public final class MultipartParser {

    /** RFC 2046 section 5.1.1: 1 to 70 characters from this set, not ending in a space. */
    private static final String BOUNDARY_CHARS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final BytePattern HEADER_END = new BytePattern(new byte[] {'\r', '\n', '\r', '\n'});
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private final int maxParts;

    public MultipartParser(int maxParts) {
        this.maxParts = maxParts;
    }

    /** One part. {@code filename} and {@code contentType} are null when the part does not declare them. */
    public record Part(String name, String filename, String contentType, Map<String, String> headers, byte[] body) {

        public Part {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** The body as UTF-8 text (RFC 7578 section 5.1 default); invalid byte sequences are an error. */
        public String text() throws MalformedMultipartException {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new MalformedMultipartException("part '" + name + "' is not valid UTF-8");
            }
        }
    }

    public static final class MalformedMultipartException extends Exception {
        public MalformedMultipartException(String message) {
            super(message, null, false, false);
        }
    }

    /** Validates a boundary parameter taken from the request's Content-Type. */
    public static String checkBoundary(String boundary) throws MalformedMultipartException {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
            throw new MalformedMultipartException("boundary must have 1 to 70 characters and not end in a space");
        }
        for (int i = 0; i < boundary.length(); i++) {
            if (BOUNDARY_CHARS.indexOf(boundary.charAt(i)) < 0) {
                throw new MalformedMultipartException("boundary contains a character RFC 2046 does not allow");
            }
        }
        return boundary;
    }

    public List<Part> parse(byte[] body, String boundary) throws MalformedMultipartException {
        byte[] dashBoundary = ("--" + checkBoundary(boundary)).getBytes(StandardCharsets.US_ASCII);
        byte[] delimiterBytes = new byte[dashBoundary.length + 2];
        delimiterBytes[0] = '\r';
        delimiterBytes[1] = '\n';
        System.arraycopy(dashBoundary, 0, delimiterBytes, 2, dashBoundary.length);
        BytePattern delimiter = new BytePattern(delimiterBytes);

        int position;
        if (startsWith(body, 0, dashBoundary)) {
            position = dashBoundary.length;
        } else {
            int first = delimiter.indexIn(body, 0, body.length);
            if (first < 0) {
                throw new MalformedMultipartException("the body does not contain the boundary");
            }
            position = first + delimiterBytes.length;
        }

        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, position, new byte[] {'-', '-'})) {
                break; // close delimiter; whatever follows is epilogue
            }
            while (position < body.length && (body[position] == ' ' || body[position] == '\t')) {
                position++;
            }
            if (!startsWith(body, position, CRLF)) {
                throw new MalformedMultipartException("a boundary line does not end with CRLF");
            }
            position += CRLF.length;

            int headersEnd;
            int contentStart;
            if (startsWith(body, position, CRLF)) {
                headersEnd = position;
                contentStart = position + CRLF.length;
            } else {
                int searchEnd = (int) Math.min(body.length, (long) position + MAX_HEADER_BYTES);
                headersEnd = HEADER_END.indexIn(body, position, searchEnd);
                if (headersEnd < 0) {
                    throw new MalformedMultipartException("part headers are unterminated or too long");
                }
                contentStart = headersEnd + HEADER_END.length();
            }
            Map<String, String> headers = parseHeaders(body, position, headersEnd);

            int contentEnd = delimiter.indexIn(body, contentStart, body.length);
            if (contentEnd < 0) {
                throw new MalformedMultipartException("the body ends before the closing boundary");
            }
            if (parts.size() == maxParts) {
                throw new MalformedMultipartException("more than " + maxParts + " parts");
            }
            parts.add(toPart(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + delimiterBytes.length;
        }
        if (parts.isEmpty()) {
            throw new MalformedMultipartException("the body has no parts");
        }
        return parts;
    }

    private static Part toPart(Map<String, String> headers, byte[] content) throws MalformedMultipartException {
        HeaderValue disposition;
        try {
            disposition = HeaderValue.parse(headers.get("content-disposition"));
        } catch (HeaderValue.MalformedHeaderException e) {
            throw new MalformedMultipartException("part Content-Disposition: " + e.getMessage());
        }
        if (!disposition.value().equals("form-data")) {
            throw new MalformedMultipartException("part Content-Disposition is not form-data");
        }
        String name = disposition.parameter("name");
        if (name == null || name.isEmpty()) {
            throw new MalformedMultipartException("part has no name");
        }
        String transferEncoding = headers.get("content-transfer-encoding");
        if (transferEncoding != null && !List.of("7bit", "8bit", "binary")
                .contains(transferEncoding.trim().toLowerCase(Locale.ROOT))) {
            // Deprecated by RFC 7578 section 4.7 and not sent by browsers; decoding it is not worth the risk.
            throw new MalformedMultipartException("part uses an unsupported Content-Transfer-Encoding");
        }
        return new Part(name, disposition.parameter("filename"), headers.get("content-type"), headers, content);
    }

    private static Map<String, String> parseHeaders(byte[] body, int start, int end)
            throws MalformedMultipartException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (start == end) {
            return headers;
        }
        // Header values may carry UTF-8 (browsers send file names that way); invalid bytes only affect the name.
        String block = new String(body, start, end - start, StandardCharsets.UTF_8);
        String lastName = null;
        for (String line : block.split("\r\n", -1)) {
            if (line.isEmpty()) {
                throw new MalformedMultipartException("empty line inside part headers");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (lastName == null) {
                    throw new MalformedMultipartException("part headers start with a continuation line");
                }
                headers.put(lastName, headers.get(lastName) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new MalformedMultipartException("malformed part header line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    throw new MalformedMultipartException("malformed part header name");
                }
            }
            if (headers.putIfAbsent(name, line.substring(colon + 1).strip()) != null) {
                throw new MalformedMultipartException("part header '" + name + "' appears twice");
            }
            lastName = name;
        }
        return headers;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (offset < 0 || data.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Boyer-Moore-Horspool search for one fixed pattern. */
    static final class BytePattern {
        private final byte[] pattern;
        private final int[] shift = new int[256];

        BytePattern(byte[] pattern) {
            this.pattern = pattern.clone();
            Arrays.fill(shift, pattern.length);
            for (int i = 0; i < pattern.length - 1; i++) {
                shift[pattern[i] & 0xff] = pattern.length - 1 - i;
            }
        }

        int length() {
            return pattern.length;
        }

        /** The first index in [from, to) where the whole pattern fits and matches, or -1. */
        int indexIn(byte[] data, int from, int to) {
            int last = pattern.length - 1;
            int position = from;
            while (position + last < to) {
                int i = last;
                while (i >= 0 && data[position + i] == pattern[i]) {
                    i--;
                }
                if (i < 0) {
                    return position;
                }
                position += shift[data[position + last] & 0xff];
            }
            return -1;
        }
    }
}
