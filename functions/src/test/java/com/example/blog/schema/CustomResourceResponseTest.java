package com.example.blog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.example.blog.schema.CustomResourceResponse.Status;
import com.fasterxml.jackson.jr.ob.JSON;

import org.junit.jupiter.api.Test;

class CustomResourceResponseTest {

    private static final String EVENT = """
            {"RequestType": "Create",
             "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:schema",
             "ResponseURL": "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?sig=1",
             "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/blog/guid",
             "RequestId": "request-1",
             "LogicalResourceId": "BlogSchema",
             "ResourceType": "Custom::BlogSchema",
             "ResourceProperties": {"ServiceToken": "arn", "Database": "blog", "CodeVersion": "3"}}
            """;

    @Test
    void toJson_onSuccess_echoesTheRequestIdentifiersCloudFormationMatchesOn() throws IOException {
        CustomResourceEvent event = event(EVENT);

        Map<String, Object> body = JSON.std.mapFrom(CustomResourceResponse.to(event, Status.SUCCESS, null,
                "blog-schema-blog", Map.of("Statements", "2")).toJson());

        assertThat(body).containsOnlyKeys("Status", "PhysicalResourceId", "StackId", "RequestId",
                "LogicalResourceId", "NoEcho", "Data");
        assertThat(body).containsEntry("Status", "SUCCESS")
                .containsEntry("PhysicalResourceId", "blog-schema-blog")
                .containsEntry("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/blog/guid")
                .containsEntry("RequestId", "request-1")
                .containsEntry("LogicalResourceId", "BlogSchema")
                .containsEntry("NoEcho", false)
                .containsEntry("Data", Map.of("Statements", "2"));
    }

    @Test
    void toJson_onFailure_carriesTheReason() throws IOException {
        Map<String, Object> body = JSON.std.mapFrom(CustomResourceResponse.to(event(EVENT), Status.FAILED,
                "V001__create_blogs.sql statement 1: boom", "id", Map.of()).toJson());

        assertThat(body).containsEntry("Status", "FAILED")
                .containsEntry("Reason", "V001__create_blogs.sql statement 1: boom")
                .containsEntry("Data", Map.of());
    }

    @Test
    void toJson_whenTheReasonIsHuge_staysUnderCloudFormationsBodyLimit() throws IOException {
        String reason = "x".repeat(20_000);

        String json = CustomResourceResponse.to(event(EVENT), Status.FAILED, reason, "id", Map.of()).toJson();

        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat((String) JSON.std.mapFrom(json).get("Reason")).hasSize(1024).endsWith("...");
    }

    @Test
    void parse_readsThePascalCaseFieldsOfTheRequest() throws IOException {
        CustomResourceEvent event = event(EVENT);

        assertThat(event.requestType()).isEqualTo("Create");
        assertThat(event.responseUrl().getHost())
                .isEqualTo("cloudformation-custom-resource-response-useast1.s3.amazonaws.com");
        assertThat(event.physicalResourceId()).isNull();
    }

    private static CustomResourceEvent event(String json) throws IOException {
        return CustomResourceEvent.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
