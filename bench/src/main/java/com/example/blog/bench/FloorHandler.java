package com.example.blog.bench;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The floor of the cold-start benchmark: the blog handlers' contract (an HTTP API event in, a response out) and no
 * work at all. What it costs is what the runtime costs: JVM start, the runtime client, event deserialization and
 * response serialization.
 */
public final class FloorHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final APIGatewayV2HTTPResponse RESPONSE = APIGatewayV2HTTPResponse.builder()
            .withStatusCode(200)
            .withHeaders(Map.of("content-type", "application/json"))
            .withBody("{\"floor\":true}")
            .withIsBase64Encoded(false)
            .build();

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return RESPONSE;
    }
}
