package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.http.Requests;
import com.example.blog.http.UploadRequests;
import com.example.blog.service.ImageUploads;

/**
 * POST /uploads : a presigned form for one image of up to BLOG_UPLOAD_MAX_BYTES, posted by the client straight to
 * the bucket; a create or update then names the returned key in {@code imageUpload}.
 */
public final class CreateUploadHandler implements RequestStreamHandler {

    private final ImageUploads uploads;

    public CreateUploadHandler() {
        this(BlogComponents.uploadForms());
    }

    CreateUploadHandler(ImageUploads uploads) {
        this.uploads = uploads;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerSupport.stream(input, output, context, this::handle);
    }

    /** The route itself, on the events library's types. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return HandlerSupport.respond(event, context, deadline -> {
            String author = Requests.requireAuthor(event);
            return uploads.start(author, UploadRequests.parse(event)).thenApply(UploadRequests::response);
        });
    }
}
