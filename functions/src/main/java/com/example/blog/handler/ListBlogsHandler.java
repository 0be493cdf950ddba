package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.http.Cursors;
import com.example.blog.http.ProblemException;
import com.example.blog.http.Requests;
import com.example.blog.http.Responses;
import com.example.blog.repository.PageCursor;
import com.example.blog.service.BlogService;

/** GET /blogs?limit=&cursor= : newest posts first, one page at a time. */
public final class ListBlogsHandler implements RequestStreamHandler {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final BlogService service;

    public ListBlogsHandler() {
        this(BlogComponents.blogService());
    }

    ListBlogsHandler(BlogService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerSupport.stream(input, output, context, this::handle);
    }

    /** The route itself, on the events library's types. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return HandlerSupport.respond(event, context, deadline -> {
            int limit = limit(Requests.queryParameter(event, "limit").orElse(null));
            PageCursor after = Requests.queryParameter(event, "cursor").map(Cursors::decode).orElse(null);
            return service.list(limit, after, deadline).thenApply(Responses::page);
        });
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (!text.matches("[0-9]{1,3}")) {
            throw ProblemException.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
