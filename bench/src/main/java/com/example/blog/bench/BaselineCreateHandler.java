package com.example.blog.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The baseline of the cold-start benchmark: the blog's create-with-image (parse the multipart form, recognise the
 * image by its magic bytes, upload it and insert the row in parallel, answer 201 with a presigned image URL) written
 * the way the AWS SDK is used out of the box: {@code create()} clients with the default HTTP client, region and
 * credential chains, Jackson databind for JSON, everything built when the class loads.
 *
 * <p>It shares no code with the blog's functions on purpose, so that the comparison is between two ways of doing
 * the same work, not between two configurations of the same code.
 */
public final class BaselineCreateHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final String COLUMNS = "CAST(id AS text) AS id, title, author, content, image_key, "
            + "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS created_at, "
            + "to_char(modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS modified_at, "
            + "version";
    private static final String INSERT = "INSERT INTO blogs (id, title, author, content, image_key)"
            + " VALUES (:id, :title, :author, :content, :image_key) RETURNING " + COLUMNS;
    private static final int IMAGE_MAX_BYTES = 4 * 1024 * 1024;

    private static final RdsDataAsyncClient RDS_DATA = RdsDataAsyncClient.create();
    private static final S3AsyncClient S3 = S3AsyncClient.create();
    private static final S3Presigner PRESIGNER = S3Presigner.create();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String clusterArn = System.getenv("BLOG_CLUSTER_ARN");
    private final String secretArn = System.getenv("BLOG_SECRET_ARN");
    private final String database = System.getenv().getOrDefault("BLOG_DATABASE", "blog");
    private final String bucket = System.getenv("BLOG_BUCKET");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            return create(event);
        } catch (BadRequest e) {
            return problem(e.status, e.getMessage());
        } catch (CompletionException e) {
            context.getLogger().log("create failed: " + e.getCause());
            return problem(500, "request " + context.getAwsRequestId() + " failed");
        }
    }

    private APIGatewayV2HTTPResponse create(APIGatewayV2HTTPEvent event) {
        String author = author(event);
        Map<String, byte[]> form = MultipartForm.parse(header(event, "content-type"), body(event));
        String title = text(form, "title");
        String content = text(form, "content");
        byte[] image = form.get("image");
        if (image == null || image.length == 0) {
            throw new BadRequest(400, "image is required");
        }
        if (image.length > IMAGE_MAX_BYTES) {
            throw new BadRequest(413, "image is larger than " + IMAGE_MAX_BYTES + " bytes");
        }
        String[] type = imageType(image);
        UUID id = UUID.randomUUID();
        String key = "images/" + id + "." + type[0];

        CompletableFuture<PutObjectResponse> upload = S3.putObject(
                request -> request.bucket(bucket).key(key).contentType(type[1]), AsyncRequestBody.fromBytes(image));
        CompletableFuture<ExecuteStatementResponse> insert = RDS_DATA.executeStatement(request -> request
                .resourceArn(clusterArn).secretArn(secretArn).database(database).sql(INSERT)
                .parameters(parameter("id", id.toString()).toBuilder().typeHint(TypeHint.UUID).build(),
                        parameter("title", title), parameter("author", author), parameter("content", content),
                        parameter("image_key", key)));
        CompletableFuture.allOf(upload, insert).join();

        List<Field> row = insert.join().records().get(0);
        Map<String, Object> blog = new LinkedHashMap<>();
        blog.put("id", row.get(0).stringValue());
        blog.put("title", row.get(1).stringValue());
        blog.put("author", row.get(2).stringValue());
        blog.put("content", row.get(3).stringValue());
        blog.put("imageUrl", PRESIGNER.presignGetObject(request -> request
                .signatureDuration(Duration.ofHours(1))
                .getObjectRequest(get -> get.bucket(bucket).key(key))).url().toString());
        blog.put("createdAt", row.get(5).stringValue());
        blog.put("modifiedAt", row.get(6).stringValue());
        blog.put("version", row.get(7).longValue());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("location", "/blogs/" + blog.get("id"));
        headers.put("etag", "\"" + blog.get("version") + "\"");
        return response(201, headers, blog);
    }

    private static SqlParameter parameter(String name, String value) {
        return SqlParameter.builder().name(name).value(Field.builder().stringValue(value).build()).build();
    }

    private static String author(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        Map<String, String> claims = context == null || context.getAuthorizer() == null
                || context.getAuthorizer().getJwt() == null ? null : context.getAuthorizer().getJwt().getClaims();
        if (claims == null) {
            throw new BadRequest(401, "no caller identity");
        }
        for (String claim : List.of("cognito:username", "username", "sub")) {
            String value = claims.get(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new BadRequest(401, "no caller identity");
    }

    private static String header(APIGatewayV2HTTPEvent event, String name) {
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
        }
        throw new BadRequest(415, "a multipart/form-data body is required");
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        try {
            return event.getIsBase64Encoded()
                    ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "the body is not valid base64");
        }
    }

    private static String text(Map<String, byte[]> form, String name) {
        byte[] value = form.get(name);
        if (value == null || value.length == 0) {
            throw new BadRequest(400, name + " is required");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The extension and media type of a JPEG, PNG, GIF or WebP image, by its magic bytes. */
    static String[] imageType(byte[] image) {
        if (startsWith(image, 0, 0xFF, 0xD8, 0xFF)) {
            return new String[] {"jpg", "image/jpeg"};
        }
        if (startsWith(image, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return new String[] {"png", "image/png"};
        }
        if (startsWith(image, 0, 'G', 'I', 'F', '8') && image.length > 5 && (image[4] == '7' || image[4] == '9')
                && image[5] == 'a') {
            return new String[] {"gif", "image/gif"};
        }
        if (startsWith(image, 0, 'R', 'I', 'F', 'F') && startsWith(image, 8, 'W', 'E', 'B', 'P')) {
            return new String[] {"webp", "image/webp"};
        }
        throw new BadRequest(415, "the image is not a JPEG, PNG, GIF or WebP");
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static APIGatewayV2HTTPResponse problem(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", status == 500 ? "Internal error" : "Bad request");
        body.put("status", status);
        body.put("detail", detail);
        return response(status, Map.of("content-type", "application/problem+json"), body);
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, Object body) {
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                    .withBody(MAPPER.writeValueAsString(body)).withIsBase64Encoded(false).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    /** A request the handler refuses, with its HTTP status. */
    static final class BadRequest extends RuntimeException {
        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
