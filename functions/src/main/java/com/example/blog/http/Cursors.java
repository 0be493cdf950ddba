package com.example.blog.http;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.example.blog.repository.PageCursor;

/**
 * Page cursors are opaque to clients: base64url (no padding) of {@code {"t":"<createdAt>","id":"<uuid>"}}. Opaque
 * so that the ordering may change without breaking clients. Only what {@link #encode} produces is accepted: a cursor
 * is decoded, re-encoded and compared byte for byte, so other spellings of the same JSON, padding, upper-case ids or
 * nanosecond timestamps are a 400, and so is any position a stored row cannot have (see {@link PageCursor}), such
 * as a timestamp in year 0 or 275760 that would otherwise fail inside the database.
 */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(PageCursor cursor) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("t", cursor.createdAt().toString());
        json.put("id", cursor.id().toString());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String text) {
        try {
            if (text.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String json = Requests.utf8(Base64.getUrlDecoder().decode(text), "The cursor");
            Map<String, Object> fields = Json.parseObject(json);
            if (fields.size() != 2 || !(fields.get("t") instanceof String createdAt)
                    || !(fields.get("id") instanceof String id)) {
                throw new IllegalArgumentException("unexpected fields");
            }
            PageCursor cursor = new PageCursor(Instant.parse(createdAt), UUID.fromString(id));
            if (!encode(cursor).equals(text)) {
                throw new IllegalArgumentException("not in the form this API writes");
            }
            return cursor;
        } catch (ProblemException | java.io.IOException | IllegalArgumentException | DateTimeException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor this API returned");
        }
    }
}
