package com.example.blog.handler;

import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.config.BlogComponents;
import com.example.blog.http.Requests;
import com.example.blog.http.Responses;
import com.example.blog.service.BlogService;

/** GET /blogs/{id} : one post with its ETag. */
public final class GetBlogHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final BlogService service;

    public GetBlogHandler() {
        this(BlogComponents.blogService());
    }

    GetBlogHandler(BlogService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HandlerSupport.respond(event, context, deadline -> {
            UUID id = Requests.blogId(event);
            return service.get(id, deadline).thenApply(blog -> Responses.blog(200, blog, Map.of()));
        });
    }
}
