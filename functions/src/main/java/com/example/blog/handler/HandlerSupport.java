package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.http.Responses;
import com.example.blog.async.Deadline;

/** The edge every handler shares: the invocation's deadline, the single join, and error mapping. */
final class HandlerSupport {

    private HandlerSupport() {
    }

    /**
     * The runtime's side of every handler: the event is read and the response written by {@link HttpApiEvents}
     * rather than by the runtime's reflective serializer.
     */
    static void stream(InputStream input, OutputStream output, Context context,
                       BiFunction<APIGatewayV2HTTPEvent, Context, APIGatewayV2HTTPResponse> handler)
            throws IOException {
        HttpApiEvents.write(handler.apply(HttpApiEvents.read(input), context), output);
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
