package com.example.blog.http;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.repository.DatabaseUnavailableException;
import com.example.blog.service.Blog;
import com.example.blog.service.BlogException;
import com.example.blog.service.BlogPage;
import com.example.blog.service.BlogSummary;

/** Building API Gateway responses: the blog representations and RFC 9457 problems. */
public final class Responses {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private Responses() {
    }

    public static APIGatewayV2HTTPResponse blog(int status, Blog blog, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("etag", EntityTags.of(blog.version()));
        return json(status, blogJson(blog), headers);
    }

    public static APIGatewayV2HTTPResponse page(BlogPage page) {
        List<Map<String, Object>> items = page.items().stream().map(Responses::summaryJson).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextCursor", page.next().map(Cursors::encode).orElse(null));
        return json(200, body, Map.of());
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of()).build();
    }

    public static APIGatewayV2HTTPResponse json(int status, Map<String, Object> body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("content-type", JSON);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(all)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false)
                .build();
    }

    /**
     * Maps any failure of a request to its response. Expected failures become their problem; anything else is a 500
     * that names only the request id, with the details logged under that id.
     */
    public static APIGatewayV2HTTPResponse error(Throwable error, APIGatewayV2HTTPEvent event, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        if (error.getSuppressed().length > 0) {
            // A compensation failed: the request's outcome stands, but someone must clean up.
            log(context, "Compensation failed while handling " + describe(event), error);
        }
        ProblemException problem = toProblem(error);
        if (problem == null) {
            log(context, "Unhandled error while handling " + describe(event), error);
            problem = new ProblemException(ProblemType.INTERNAL_ERROR,
                    "Something went wrong on our side. Quote the request id when reporting it.");
        }
        return problem(problem, requestId, event == null ? null : event.getRawPath());
    }

    static ProblemException toProblem(Throwable error) {
        if (error instanceof ProblemException problem) {
            return problem;
        }
        if (error instanceof BlogException.NotFound) {
            return new ProblemException(ProblemType.NOT_FOUND, error.getMessage());
        }
        if (error instanceof BlogException.NotAuthor) {
            return new ProblemException(ProblemType.FORBIDDEN, error.getMessage());
        }
        if (error instanceof BlogException.PreconditionFailed) {
            return new ProblemException(ProblemType.PRECONDITION_FAILED, error.getMessage());
        }
        if (error instanceof BlogException.ImageRejected rejected) {
            ProblemType type = switch (rejected.reason()) {
                case INVALID -> ProblemType.VALIDATION;
                case TOO_LARGE -> ProblemType.PAYLOAD_TOO_LARGE;
                case UNSUPPORTED -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            };
            return new ProblemException(type, rejected.getMessage(), Map.of(rejected.field(), rejected.fieldMessage()),
                    Map.of());
        }
        if (error instanceof BlogException.Conflict) {
            return new ProblemException(ProblemType.CONFLICT, error.getMessage());
        }
        if (error instanceof DatabaseUnavailableException unavailable) {
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "The database is starting up; retry after the indicated delay.", Map.of(),
                    Map.of("retry-after", Long.toString(unavailable.retryAfter().toSeconds())));
        }
        return null;
    }

    public static APIGatewayV2HTTPResponse problem(ProblemException problem, String requestId, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().uri().toString());
        body.put("title", problem.type().title());
        body.put("status", problem.type().status());
        body.put("detail", problem.detail());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        Map<String, String> headers = new LinkedHashMap<>(problem.headers());
        headers.put("content-type", PROBLEM_JSON);
        headers.put("cache-control", "no-store");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(problem.type().status())
                .withHeaders(headers)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false)
                .build();
    }

    private static Map<String, Object> blogJson(Blog blog) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", blog.id().toString());
        json.put("title", blog.title());
        json.put("author", blog.author());
        json.put("content", blog.content());
        json.put("imageUrl", blog.imageUrl());
        json.put("createdAt", blog.createdAt().toString());
        json.put("modifiedAt", blog.modifiedAt().toString());
        json.put("version", blog.version());
        return json;
    }

    private static Map<String, Object> summaryJson(BlogSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", summary.id().toString());
        json.put("title", summary.title());
        json.put("author", summary.author());
        json.put("excerpt", summary.excerpt());
        json.put("imageUrl", summary.imageUrl());
        json.put("createdAt", summary.createdAt().toString());
        json.put("modifiedAt", summary.modifiedAt().toString());
        json.put("version", summary.version());
        return json;
    }

    private static String describe(APIGatewayV2HTTPEvent event) {
        return event == null ? "an event" : event.getRouteKey() + " " + event.getRawPath();
    }

    /** One log event per failure (the Lambda logger keeps multi-line messages together), keyed by request id. */
    private static void log(Context context, String message, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        String requestId = context == null ? "-" : context.getAwsRequestId();
        String line = "ERROR requestId=" + requestId + " " + message + "\n" + trace;
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line);
        } else {
            System.err.println(line);
        }
    }
}
