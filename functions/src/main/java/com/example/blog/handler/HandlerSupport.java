package com.example.blog.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.http.Responses;
import com.example.blog.service.Deadline;

/** The edge every handler shares: the invocation's deadline, the single join, and error mapping. */
final class HandlerSupport {

    private HandlerSupport() {
    }

    static APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, Context context,
                                            Function<Deadline, CompletableFuture<APIGatewayV2HTTPResponse>> work) {
        try {
            return work.apply(Deadline.of(context)).join();
        } catch (CompletionException e) {
            return Responses.error(e.getCause() == null ? e : e.getCause(), event, context);
        } catch (RuntimeException e) {
            // Parsing and validation fail synchronously, before any I/O starts.
            return Responses.error(e, event, context);
        }
    }
}
