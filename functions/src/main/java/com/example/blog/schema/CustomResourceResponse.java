package com.example.blog.schema;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.example.blog.http.Json;

/**
 * The document CloudFormation expects at a custom resource's pre-signed ResponseURL.
 *
 * @param status             SUCCESS or FAILED
 * @param reason             why it failed (shown in the stack events); optional on success
 * @param physicalResourceId must stay the same across updates, or CloudFormation treats the update as a replacement
 * @param data               values readable with Fn::GetAtt
 */
public record CustomResourceResponse(
        Status status,
        String reason,
        String physicalResourceId,
        String stackId,
        String requestId,
        String logicalResourceId,
        Map<String, String> data) {

    public enum Status { SUCCESS, FAILED }

    /** CloudFormation rejects response bodies over 4096 bytes; the reason is what can grow, so it is capped. */
    static final int MAX_BODY_BYTES = 4096;
    static final int MAX_REASON_CHARS = 1024;

    public CustomResourceResponse {
        data = data == null ? Map.of() : Map.copyOf(data);
        if (reason != null && reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS - 3) + "...";
        }
    }

    static CustomResourceResponse to(CustomResourceEvent event, Status status, String reason, String physicalId,
            Map<String, String> data) {
        return new CustomResourceResponse(status, reason, physicalId, event.stackId(), event.requestId(),
                event.logicalResourceId(), data);
    }

    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status.name());
        body.put("Reason", reason);
        body.put("PhysicalResourceId", physicalResourceId);
        body.put("StackId", stackId);
        body.put("RequestId", requestId);
        body.put("LogicalResourceId", logicalResourceId);
        body.put("NoEcho", false);
        body.put("Data", new LinkedHashMap<>(data));
        // Absent rather than null, e.g. no Reason on success.
        body.values().removeIf(Objects::isNull);
        String json = Json.write(body);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new IllegalStateException("Custom resource response exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return json;
    }
}
