package com.example.blog.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.example.blog.service.BlogDraft;
import com.example.blog.service.Image;
import com.example.blog.service.ImageUploads;
import com.example.blog.storage.ImageType;

/**
 * Turns a create or update request body into a validated {@link BlogDraft}. Accepted bodies:
 * {@code multipart/form-data} with fields {@code title}, {@code content}, optional {@code removeImage} and optional
 * file {@code image}; or {@code application/json} {@code {"title", "content", "removeImage"}}. Either may instead name
 * an image uploaded beforehand in {@code imageUpload} (the key {@code POST /uploads} returned). Any author field is
 * ignored: the author is always the caller.
 */
public final class BlogForms {

    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_CONTENT_LENGTH = 100_000;
    /** Room for the text fields and multipart framing on top of the image. */
    private static final long MAX_NON_IMAGE_BYTES = 512 * 1024;
    private static final int MAX_PARTS = 16;

    private final long maxImageBytes;
    private final MultipartParser multipart = new MultipartParser(MAX_PARTS);

    public BlogForms(long maxImageBytes) {
        this.maxImageBytes = maxImageBytes;
    }

    /** The raw fields before validation; values are String, Boolean or other JSON types. */
    private record Fields(Map<String, Object> values, Map<String, String> errors, MultipartParser.Part image) {
    }

    public BlogDraft parse(APIGatewayV2HTTPEvent event, boolean update) {
        HeaderValue mediaType = Requests.mediaType(event, "Send the post as multipart/form-data or application/json.");
        if (mediaType.value().equals("application/json")) {
            Requests.requireUtf8Charset(mediaType);
        }
        byte[] body = Requests.bodyBytes(event);
        if (body.length > maxImageBytes + MAX_NON_IMAGE_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The request body has " + body.length
                    + " bytes; images may have at most " + maxImageBytes + " bytes.");
        }
        Fields fields = switch (mediaType.value()) {
            case "application/json" -> fromJson(body);
            case "multipart/form-data" -> fromMultipart(body, mediaType.parameter("boundary"));
            default -> throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type "
                    + mediaType.value() + " is not supported; send multipart/form-data or application/json.");
        };
        return validate(fields, update);
    }

    private Fields fromJson(byte[] body) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(Requests.utf8(body, "The JSON body"));
        } catch (java.io.IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not a JSON object.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : List.of("title", "content", "removeImage", ImageUploads.FIELD)) {
            if (json.containsKey(name)) {
                values.put(name, json.get(name));
            }
        }
        return new Fields(values, new LinkedHashMap<>(), null);
    }

    private Fields fromMultipart(byte[] body, String boundary) {
        List<MultipartParser.Part> parts;
        try {
            if (boundary == null) {
                throw new MultipartParser.MalformedMultipartException("Content-Type has no boundary parameter");
            }
            parts = multipart.parse(body, boundary);
        } catch (MultipartParser.MalformedMultipartException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The multipart body is malformed: " + e.getMessage() + ".");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        MultipartParser.Part image = null;
        for (MultipartParser.Part part : parts) {
            String name = part.name();
            if (!List.of("title", "content", "removeImage", "image", ImageUploads.FIELD).contains(name)) {
                continue;
            }
            if (seen.contains(name)) {
                errors.put(name, "must be sent once");
                continue;
            }
            seen.add(name);
            if (name.equals("image")) {
                // A browser sends an empty, nameless file part when no file was chosen.
                boolean noFileChosen = part.body().length == 0
                        && (part.filename() == null || part.filename().isEmpty());
                image = noFileChosen ? null : part;
                continue;
            }
            if (part.contentType() != null) {
                try {
                    Requests.requireUtf8Charset(HeaderValue.parse(part.contentType()));
                } catch (HeaderValue.MalformedHeaderException e) {
                    errors.put(name, "has a Content-Type that cannot be parsed");
                    continue;
                }
            }
            try {
                values.put(name, part.text());
            } catch (MultipartParser.MalformedMultipartException e) {
                errors.put(name, "must be UTF-8 text");
            }
        }
        return new Fields(values, errors, image);
    }

    private BlogDraft validate(Fields fields, boolean update) {
        Map<String, String> errors = fields.errors();
        String title = text(fields.values(), "title", MAX_TITLE_LENGTH, false, errors);
        String content = text(fields.values(), "content", MAX_CONTENT_LENGTH, true, errors);
        boolean removeImage = removeImage(fields.values().get("removeImage"), errors);
        String imageUpload = imageUpload(fields.values().get(ImageUploads.FIELD), errors);
        if (removeImage && !update) {
            errors.putIfAbsent("removeImage", "only applies when updating a post");
        }
        if (removeImage && (fields.image() != null || imageUpload != null)) {
            errors.putIfAbsent("removeImage", "cannot be combined with a new image");
        }
        if (imageUpload != null && fields.image() != null) {
            errors.putIfAbsent(ImageUploads.FIELD, "cannot be combined with an image file");
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The request has invalid fields.", errors, Map.of());
        }
        return new BlogDraft(title.strip(), content, image(fields.image()), removeImage, imageUpload);
    }

    private Image image(MultipartParser.Part part) {
        if (part == null) {
            return null;
        }
        byte[] bytes = part.body();
        if (bytes.length > maxImageBytes) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The image has " + bytes.length + " bytes; the limit is " + maxImageBytes + " bytes.",
                    Map.of("image", "must be at most " + maxImageBytes + " bytes"), Map.of());
        }
        // The client's Content-Type and file name are ignored on purpose: only the bytes say what the file is.
        Optional<ImageType> type = ImageType.detect(bytes);
        if (type.isEmpty()) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The image is not a JPEG, PNG, GIF or WebP file.",
                    Map.of("image", "must be a JPEG, PNG, GIF or WebP image"), Map.of());
        }
        if (!type.get().isWellFormed(bytes)) {
            String format = type.get().name().equals("WEBP") ? "WebP" : type.get().name();
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The image starts like a " + format + " file but is not a complete, well-formed one.",
                    Map.of("image", "must be a complete, well-formed JPEG, PNG, GIF or WebP image"), Map.of());
        }
        return new Image(bytes, type.get());
    }

    /** The field's text in NFC, or null with an error recorded; see {@link TextPolicy} for what text may hold. */
    private static String text(Map<String, Object> values, String name, int maxLength, boolean multiline,
                               Map<String, String> errors) {
        Object value = values.get(name);
        if (value == null) {
            errors.putIfAbsent(name, "is required");
            return null;
        }
        if (!(value instanceof String raw)) {
            errors.putIfAbsent(name, "must be a string");
            return null;
        }
        String text = TextPolicy.normalize(raw);
        if (text.isBlank()) {
            errors.putIfAbsent(name, "must not be blank");
        } else if (text.codePointCount(0, text.length()) > maxLength) {
            errors.putIfAbsent(name, "must be at most " + maxLength + " characters");
        } else {
            TextPolicy.violation(text, multiline).ifPresent(message -> errors.putIfAbsent(name, message));
        }
        return text;
    }

    /** The upload's key, or null when none is named; its shape and owner are the service's to check. */
    private static String imageUpload(Object value, Map<String, String> errors) {
        if (value == null || "".equals(value)) {
            return null; // a form's empty field is "no upload", as an unchosen file is "no image"
        }
        if (!(value instanceof String key) || key.isBlank()) {
            errors.putIfAbsent(ImageUploads.FIELD, "must be the key returned by POST /uploads");
            return null;
        }
        return key;
    }

    private static boolean removeImage(Object value, Map<String, String> errors) {
        if (value == null || Boolean.FALSE.equals(value) || "false".equals(value)) {
            return false;
        }
        if (Boolean.TRUE.equals(value) || "true".equals(value)) {
            return true;
        }
        errors.putIfAbsent("removeImage", "must be true or false");
        return false;
    }
}
