package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.config.BlogConfig;
import com.example.blog.http.BlogForms;
import com.example.blog.http.IdempotentRequests;
import com.example.blog.http.Requests;
import com.example.blog.http.Responses;
import com.example.blog.service.BlogDraft;
import com.example.blog.service.BlogService;

/** POST /blogs : a new post by the caller, 201 with Location and ETag; once per {@code Idempotency-Key}. */
public final class CreateBlogHandler implements RequestStreamHandler {

    private final BlogService service;
    private final BlogForms forms;
    private final IdempotentRequests idempotency;

    public CreateBlogHandler() {
        this(BlogComponents.blogService(), BlogComponents.config(), BlogComponents.idempotentRequests());
        // Writes images: build the S3 client during init, not in the first request.
        BlogComponents.clients().s3Client();
    }

    CreateBlogHandler(BlogService service, BlogConfig config, IdempotentRequests idempotency) {
        this.service = service;
        this.forms = new BlogForms(config.imageMaxBytes());
        this.idempotency = idempotency;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerSupport.stream(input, output, context, this::handle);
    }

    /** The route itself, on the events library's types. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return HandlerSupport.respond(event, context, deadline -> {
            String author = Requests.requireAuthor(event);
            BlogDraft draft = forms.parse(event, false);
            return idempotency.run(event, author, draft, deadline, () -> service.create(author, draft, deadline)
                    .thenApply(blog -> Responses.blog(201, blog, Map.of("location", "/blogs/" + blog.id()))));
        });
    }
}
