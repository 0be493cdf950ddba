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
import com.example.blog.config.BlogConfig;
import com.example.blog.http.BlogForms;
import com.example.blog.http.EntityTags;
import com.example.blog.http.Requests;
import com.example.blog.http.Responses;
import com.example.blog.service.BlogDraft;
import com.example.blog.service.BlogService;
import com.example.blog.service.IfMatch;

/** PUT /blogs/{id} : replaces title and content, and the image when one is sent; honours If-Match. */
public final class UpdateBlogHandler implements RequestStreamHandler {

    private final BlogService service;
    private final BlogForms forms;

    public UpdateBlogHandler() {
        this(BlogComponents.blogService(), BlogComponents.config());
        BlogComponents.clients().s3Client();
    }

    UpdateBlogHandler(BlogService service, BlogConfig config) {
        this.service = service;
        this.forms = new BlogForms(config.imageMaxBytes());
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
            BlogDraft draft = forms.parse(event, true);
            return service.update(author, id, draft, ifMatch, deadline)
                    .thenApply(blog -> Responses.blog(200, blog, Map.of()));
        });
    }
}
