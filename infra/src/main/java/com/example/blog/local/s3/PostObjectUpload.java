package com.example.blog.local.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.example.blog.http.HeaderValue;
import com.example.blog.http.MultipartParser;
import com.example.blog.local.sigv4.SigV4;

/**
 * A browser-form POST upload (S3's POST Object with a Signature Version 4 policy), read and checked in full before
 * anything is stored: the form's fields up to the {@code file} field (later ones are ignored, as S3 ignores them),
 * the signature of the policy, and the policy's conditions.
 *
 * @param key the object key, {@code ${filename}} replaced by the file's name
 * @param headers what a PutObject of the same object would carry: Content-Type, user metadata and the few
 *        standard headers a form may set
 * @param successStatus 200, 201 or 204, from {@code success_action_status}
 * @param successRedirect where to send the browser once the object is stored, from
 *        {@code success_action_redirect}; null for none, or when the field is not an absolute http(s) URL
 */
record PostObjectUpload(String bucket, String key, Map<String, String> headers, byte[] content,
        int successStatus, String successRedirect) {

    /** Larger forms are refused unread; the largest upload the API hands out a form for is far below. */
    static final long MAX_FORM_BYTES = 64L * 1024 * 1024;

    private static final MultipartParser PARSER = new MultipartParser(1_000);
    private static final Set<String> STANDARD_HEADER_FIELDS = Set.of("cache-control", "content-disposition",
            "content-encoding", "expires");
    private static final List<String> SIGNATURE_FIELDS = List.of("x-amz-algorithm", "x-amz-credential",
            "x-amz-date", "x-amz-signature");

    /** Whether a request is a form upload to a bucket: POST to {@code /bucket}, multipart/form-data, no query. */
    static boolean isFormUpload(String method, String rawPath, String rawQuery, String contentType) {
        if (!method.equals("POST") || (rawQuery != null && !rawQuery.isEmpty()) || contentType == null) {
            return false;
        }
        String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        return path.length() > 1 && path.indexOf('/', 1) < 0
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Reads and checks the form; an S3Error says what S3 would answer to it. */
    static PostObjectUpload read(String rawPath, String contentType, byte[] body, SigV4Verifier verifier,
            Instant now) {
        String bucket = SigV4.decode(rawPath.replace("/", ""));
        List<MultipartParser.Part> parts;
        try {
            parts = PARSER.parse(body, HeaderValue.parse(contentType).parameter("boundary"));
        } catch (MultipartParser.MalformedMultipartException | HeaderValue.MalformedHeaderException e) {
            throw S3Error.badRequest("MalformedPOSTRequest",
                    "The body of your POST request is not well-formed multipart/form-data.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        MultipartParser.Part file = null;
        for (MultipartParser.Part part : parts) {
            String name = part.name().toLowerCase(Locale.ROOT);
            if (name.equals("file")) {
                file = part;
                break;
            }
            String value;
            try {
                value = part.text();
            } catch (MultipartParser.MalformedMultipartException e) {
                throw S3Error.badRequest("MalformedPOSTRequest",
                        "The body of your POST request is not well-formed multipart/form-data.");
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw S3Error.badRequest("InvalidArgument", "Bucket POST may contain the field '" + part.name()
                        + "' only once.");
            }
        }
        if (file == null) {
            throw S3Error.badRequest("InvalidArgument", "POST requires exactly one file upload per request.");
        }
        required(fields, "key");
        if (!fields.containsKey("policy")) {
            // Without a policy the form is an anonymous upload, which only a publicly writable bucket takes.
            throw new S3Error(403, "AccessDenied", "Access Denied");
        }
        for (String name : SIGNATURE_FIELDS) {
            required(fields, name);
        }
        verifier.verifyPolicy(fields.get("x-amz-algorithm"), fields.get("x-amz-credential"),
                fields.get("x-amz-date"), fields.get("policy"), fields.get("x-amz-signature"));
        PostPolicy.parse(fields.get("policy")).check(fields, bucket, file.body().length, now);

        String filename = file.filename() == null ? "" : file.filename();
        String key = fields.get("key").replace("${filename}", filename);
        if (key.isEmpty()) {
            throw S3Error.badRequest("InvalidArgument", "User key must have a length greater than 0.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw S3Error.badRequest("KeyTooLongError", "Your key is too long");
        }
        return new PostObjectUpload(bucket, key, objectHeaders(fields), file.body(),
                successStatus(fields.get("success_action_status")),
                successRedirect(fields.getOrDefault("success_action_redirect", fields.get("redirect"))));
    }

    private static Map<String, String> objectHeaders(Map<String, String> fields) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String name = field.getKey();
            if (name.equals("content-type")) {
                headers.put("Content-Type", field.getValue());
                headers.put(S3FrontDoor.CONTENT_TYPE_METADATA, field.getValue());
            } else if ((name.startsWith("x-amz-meta-") && !name.equals(S3FrontDoor.CONTENT_TYPE_METADATA))
                    || STANDARD_HEADER_FIELDS.contains(name)) {
                headers.put(name, field.getValue());
            }
        }
        return headers;
    }

    private static int successStatus(String field) {
        // S3 answers 204 to any other value, or none.
        return field != null && (field.equals("200") || field.equals("201")) ? Integer.parseInt(field) : 204;
    }

    private static String successRedirect(String field) {
        if (field == null) {
            return null;
        }
        try {
            URI target = new URI(field);
            boolean web = "http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme());
            // S3 falls back to success_action_status when the redirect is not a URL it can send a browser to.
            return web && target.getHost() != null ? field : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The redirect target with the stored object appended to its query, as S3 appends it. */
    String redirectLocation(String entityTag) {
        return successRedirect + (successRedirect.contains("?") ? "&" : "?") + "bucket="
                + SigV4.encode(bucket, true) + "&key=" + SigV4.encode(key, true) + "&etag="
                + SigV4.encode(entityTag, true);
    }

    private static void required(Map<String, String> fields, String name) {
        if (!fields.containsKey(name)) {
            throw S3Error.badRequest("InvalidArgument", "Bucket POST must contain a field named '" + name
                    + "'.  If it is specified, please check the order of the fields.");
        }
    }

    /** The PostResponse document S3 answers with when {@code success_action_status} is 201. */
    String postResponse(String location, String entityTag) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse><Location>" + S3Error.escape(location)
                + "</Location><Bucket>" + S3Error.escape(bucket) + "</Bucket><Key>" + S3Error.escape(key)
                + "</Key><ETag>" + S3Error.escape(entityTag) + "</ETag></PostResponse>";
    }
}
