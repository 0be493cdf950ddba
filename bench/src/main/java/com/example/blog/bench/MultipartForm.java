package com.example.blog.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The parts of a {@code multipart/form-data} body by field name, as the baseline handler needs them. */
final class MultipartForm {

    private MultipartForm() {
    }

    static Map<String, byte[]> parse(String contentType, byte[] body) {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> parts = new HashMap<>();
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw new BaselineCreateHandler.BadRequest(400, "the multipart body has no boundary");
        }
        while (true) {
            int start = position + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return parts;
            }
            start += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                throw new BaselineCreateHandler.BadRequest(400, "the multipart body is malformed");
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            String name = fieldName(headers);
            if (name != null) {
                parts.put(name, Arrays.copyOfRange(body, headersEnd + 4, next));
            }
            position = next + 2;
        }
    }

    private static String boundary(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("boundary=");
        if (!lower.startsWith("multipart/form-data") || at < 0) {
            throw new BaselineCreateHandler.BadRequest(415, "a multipart/form-data body is required");
        }
        String value = contentType.substring(at + "boundary=".length()).split(";", 2)[0].trim();
        return value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                ? value.substring(1, value.length() - 1) : value;
    }

    private static String fieldName(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                int at = line.indexOf("name=\"");
                if (at >= 0) {
                    int end = line.indexOf('"', at + 6);
                    return end < 0 ? null : line.substring(at + 6, end);
                }
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
