package com.example.blog.local.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} request body, the framing the SDKs use to stream an upload with a signature per
 * chunk ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}) or unsigned chunks
 * ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}), and optionally trailing headers that carry the checksum computed
 * while streaming. With a signed variant every chunk signature, and the trailer signature, is verified.
 *
 * @param data     the decoded payload
 * @param trailers the trailing headers by lower-case name, without {@code x-amz-trailer-signature}
 */
record AwsChunkedBody(byte[] data, Map<String, String> trailers) {

    static AwsChunkedBody decode(byte[] body, SigV4Verifier.Signed signed, boolean signedChunks) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(body.length);
        String previous = signed.seedSignature();
        int position = 0;
        while (true) {
            int lineEnd = lineEnd(body, position);
            String header = new String(body, position, lineEnd - position, StandardCharsets.US_ASCII);
            position = lineEnd + 2;
            int semicolon = header.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw incomplete();
            }
            if (size < 0 || position + size > body.length) {
                throw incomplete();
            }
            byte[] chunk = java.util.Arrays.copyOfRange(body, position, position + size);
            if (signedChunks) {
                String prefix = "chunk-signature=";
                String extension = semicolon < 0 ? "" : header.substring(semicolon + 1).strip();
                if (!extension.startsWith(prefix)) {
                    throw S3Error.signatureMismatch();
                }
                String expected = SigV4Verifier.chunkSignature(signed, previous, chunk);
                SigV4Verifier.check(extension.substring(prefix.length()), expected);
                previous = expected;
            }
            position += size;
            if (size == 0) {
                break;
            }
            data.write(chunk, 0, size);
            if (position + 2 > body.length || body[position] != '\r' || body[position + 1] != '\n') {
                throw incomplete();
            }
            position += 2;
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        String trailerSignature = null;
        StringBuilder canonicalTrailers = new StringBuilder();
        while (position < body.length) {
            int lineEnd = lineEnd(body, position);
            String line = new String(body, position, lineEnd - position, StandardCharsets.UTF_8);
            position = lineEnd + 2;
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw incomplete();
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
                canonicalTrailers.append(name).append(':').append(value).append('\n');
            }
        }
        if (signedChunks && !trailers.isEmpty()) {
            if (trailerSignature == null) {
                throw S3Error.signatureMismatch();
            }
            SigV4Verifier.check(trailerSignature,
                    SigV4Verifier.trailerSignature(signed, previous, canonicalTrailers.toString()));
        }
        return new AwsChunkedBody(data.toByteArray(), trailers);
    }

    /** Where the line starting at {@code position} ends (the index of its CR); the body's end if it has none. */
    private static int lineEnd(byte[] body, int position) {
        for (int i = position; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        if (position >= body.length) {
            throw incomplete();
        }
        return body.length;
    }

    private static S3Error incomplete() {
        return S3Error.badRequest("IncompleteBody", "The request body terminated unexpectedly");
    }
}
