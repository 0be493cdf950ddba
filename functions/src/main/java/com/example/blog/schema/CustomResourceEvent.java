package com.example.blog.schema;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.example.blog.http.Json;

/**
 * The fields of a CloudFormation custom resource request that the migration needs. Parsed from the raw JSON, so
 * the handler does not depend on how a runtime maps CloudFormation's PascalCase keys onto an event class. The
 * resource's properties are not read: the template changes them only to make CloudFormation send an Update.
 */
record CustomResourceEvent(
        String requestType,
        URI responseUrl,
        String stackId,
        String requestId,
        String logicalResourceId,
        String physicalResourceId) {

    static CustomResourceEvent parse(InputStream json) throws IOException {
        Map<String, Object> event = Json.parseObject(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        String responseUrl = text(event, "ResponseURL");
        if (responseUrl == null) {
            throw new IllegalArgumentException("Not a CloudFormation custom resource request: no ResponseURL");
        }
        return new CustomResourceEvent(text(event, "RequestType"), URI.create(responseUrl), text(event, "StackId"),
                text(event, "RequestId"), text(event, "LogicalResourceId"), text(event, "PhysicalResourceId"));
    }

    private static String text(Map<String, Object> event, String key) {
        Object value = event.get(key);
        return value == null ? null : value.toString();
    }
}
