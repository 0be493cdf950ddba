package com.example.blog.local.template;

import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} with the {@code Globals} applied and its environment resolved.
 *
 * @param logicalId    the resource's logical id (the function's name locally)
 * @param handler      {@code package.Class::method}
 * @param runtime      e.g. {@code java21}
 * @param codeUri      where the deployment artifact is, relative to the template
 * @param memorySizeMb {@code MemorySize}
 * @param timeoutSeconds {@code Timeout}
 * @param environment  {@code Environment.Variables}, the function's over the globals'
 * @param routes       the routes of its {@code HttpApi} events
 */
public record FunctionDefinition(String logicalId, String handler, String runtime, String codeUri, int memorySizeMb,
        int timeoutSeconds, Map<String, String> environment, List<HttpRoute> routes) {

    public FunctionDefinition {
        environment = Map.copyOf(environment);
        routes = List.copyOf(routes);
    }
}
