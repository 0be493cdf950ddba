package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.http.Requests;
import com.example.blog.http.Responses;
import com.example.blog.service.BlogService;

/** GET /blogs/{id} : one post with its ETag. */
public final class GetBlogHandler implements RequestStreamHandler {

    private final BlogService service;

    public GetBlogHandler() {
        this(BlogComponents.blogService());
    }

    GetBlogHandler(BlogService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerSupport.stream(input, output, context, this::handle);
    }

    /** The route itself, on the events library's types. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return HandlerSupport.respond(event, context, deadline -> {
            UUID id = Requests.blogId(event);
            return service.get(id, deadline).thenApply(blog -> Responses.blog(200, blog, Map.of()));
        });
    }
}
