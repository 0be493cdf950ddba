package com.example.blog.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.service.ImageUploads;
import com.example.blog.storage.ImageType;

/**
 * {@code POST /uploads}: the request is {@code {"contentType": "image/png"}} (one of the accepted image types); the
 * answer is the upload's key and the form that puts the file there.
 */
public final class UploadRequests {

    private static final long MAX_BODY_BYTES = 4 * 1024;

    private UploadRequests() {
    }

    /** The image type the upload is for. */
    public static ImageType parse(APIGatewayV2HTTPEvent event) {
        HeaderValue mediaType = Requests.mediaType(event, "Send the upload request as application/json.");
        if (!mediaType.value().equals("application/json")) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + mediaType.value() + " is not supported; send application/json.");
        }
        Requests.requireUtf8Charset(mediaType);
        byte[] body = Requests.bodyBytes(event);
        if (body.length > MAX_BODY_BYTES) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The upload request is a small JSON object; this one has " + body.length + " bytes.");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(Requests.utf8(body, "The JSON body"));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not a JSON object.");
        }
        Object value = json.get("contentType");
        Optional<ImageType> type = Optional.empty();
        if (value instanceof String text) {
            for (ImageType candidate : ImageType.values()) {
                if (candidate.contentType().equals(text)) {
                    type = Optional.of(candidate);
                }
            }
        }
        return type.orElseThrow(() -> new ProblemException(ProblemType.VALIDATION, "The request has invalid fields.",
                Map.of("contentType", "must be one of image/jpeg, image/png, image/gif or image/webp"), Map.of()));
    }

    public static APIGatewayV2HTTPResponse response(ImageUploads.Upload upload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", upload.key());
        body.put("url", upload.form().url());
        body.put("fields", upload.form().fields());
        body.put("maxBytes", upload.maxBytes());
        body.put("expiresAt", upload.form().expiresAt().toString());
        // The form carries temporary credentials' token and a signature: no cache may keep it.
        return Responses.json(200, body, Map.of("cache-control", "no-store"));
    }
}
