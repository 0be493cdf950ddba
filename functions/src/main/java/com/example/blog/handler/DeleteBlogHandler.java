package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.http.EntityTags;
import com.example.blog.http.Requests;
import com.example.blog.http.Responses;
import com.example.blog.service.BlogService;
import com.example.blog.service.IfMatch;

/** DELETE /blogs/{id} : removes the post and its image; honours If-Match. */
public final class DeleteBlogHandler implements RequestStreamHandler {

    private final BlogService service;

    public DeleteBlogHandler() {
        this(BlogComponents.blogService());
        BlogComponents.clients().s3Client();
    }

    DeleteBlogHandler(BlogService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerSupport.stream(input, output, context, this::handle);
    }

    /** The route itself, on the events library's types. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return HandlerSupport.respond(event, context, deadline -> {
            String author = Requests.requireAuthor(event);
            UUID id = Requests.blogId(event);
            IfMatch ifMatch = EntityTags.parseIfMatch(Requests.header(event, "if-match").orElse(null));
            return service.delete(author, id, ifMatch, deadline).thenApply(ignored -> Responses.noContent());
        });
    }
}
