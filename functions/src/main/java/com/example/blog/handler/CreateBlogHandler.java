package com.example.blog.handler;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.config.BlogComponents;
import com.example.blog.config.BlogConfig;
import com.example.blog.config.ClientFactory;
import com.example.blog.http.BlogForms;
import com.example.blog.http.Requests;
import com.example.blog.http.Responses;
import com.example.blog.service.BlogDraft;
import com.example.blog.service.BlogService;

/** POST /blogs : a new post by the caller, 201 with Location and ETag. */
public final class CreateBlogHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final BlogService service;
    private final BlogForms forms;

    public CreateBlogHandler() {
        this(BlogComponents.blogService(), BlogComponents.config());
        ClientFactory.s3Client(); // writes upload images: build the client during init, not in the first request
    }

    CreateBlogHandler(BlogService service, BlogConfig config) {
        this.service = service;
        this.forms = new BlogForms(config.imageMaxBytes());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HandlerSupport.respond(event, context, deadline -> {
            String author = Requests.requireAuthor(event);
            BlogDraft draft = forms.parse(event, false);
            return service.create(author, draft, deadline)
                    .thenApply(blog -> Responses.blog(201, blog, Map.of("location", "/blogs/" + blog.id())));
        });
    }
}
