package com.example.blog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

/**
 * The serializers the runtime interface client itself uses for the events library's types (same library, same
 * version as the one it ships): the reference {@link HttpApiEvents} must agree with.
 */
final class RuntimeSerializers {

    static final PojoSerializer<APIGatewayV2HTTPEvent> EVENT = LambdaEventSerializers.serializerFor(
            APIGatewayV2HTTPEvent.class, RuntimeSerializers.class.getClassLoader());
    static final PojoSerializer<APIGatewayV2HTTPResponse> RESPONSE = LambdaEventSerializers.serializerFor(
            APIGatewayV2HTTPResponse.class, RuntimeSerializers.class.getClassLoader());

    private RuntimeSerializers() {
    }
}
