package com.example.blog.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServerlessTemplateTest {

    private static final LocalValues LOCAL = new LocalValues("us-east-1", "000000000000", "blog-local", "blog-images",
            "arn:aws:rds:us-east-1:000000000000:cluster:blog-local",
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:blog-local-db-AbCdEf", Map.of());

    @Test
    void load_theProjectTemplate_givesEachFunctionItsHandlerRoutesAndResolvedEnvironment() throws Exception {
        ServerlessTemplate template = ServerlessTemplate.load(
                Path.of(System.getProperty("blog.root.dir"), "template.yaml"), LOCAL);

        FunctionDefinition create = template.function("CreateBlogFunction").orElseThrow();
        assertThat(create.handler()).isEqualTo("com.example.blog.handler.CreateBlogHandler::handleRequest");
        assertThat(create.environment())
                .containsEntry("BLOG_CLUSTER_ARN", "arn:aws:rds:us-east-1:000000000000:cluster:blog-local")
                .containsEntry("BLOG_SECRET_ARN",
                        "arn:aws:secretsmanager:us-east-1:000000000000:secret:blog-local-db-AbCdEf")
                .containsEntry("BLOG_DATABASE", "blog")
                .containsEntry("BLOG_BUCKET", "blog-images");
        assertThat(create.routes()).singleElement().satisfies(route -> {
            assertThat(route.routeKey()).isEqualTo("POST /blogs");
            assertThat(route.authorizer()).map(JwtAuthorizerDefinition::headerName).hasValue("authorization");
        });
        assertThat(template.function("GetBlogFunction").orElseThrow().routes()).singleElement()
                .satisfies(route -> {
                    assertThat(route.routeKey()).isEqualTo("GET /blogs/{id}");
                    assertThat(route.authorizer()).as("Auth: Authorizer: NONE").isEmpty();
                });
        assertThat(template.routes()).extracting(HttpRoute::routeKey).containsExactlyInAnyOrder(
                "GET /blogs", "GET /blogs/{id}", "POST /blogs", "PUT /blogs/{id}", "DELETE /blogs/{id}",
                "POST /uploads");
    }

    @Test
    void from_appliesGlobalsUnderTheFunctionsOwnSettings_andParameterOverrides() {
        ServerlessTemplate template = ServerlessTemplate.from(CloudFormationYaml.load(new StringReader("""
                Parameters:
                  Stage: {Type: String, Default: dev}
                Globals:
                  Function:
                    MemorySize: 512
                    Timeout: 10
                    Handler: a.Global::handle
                    Environment:
                      Variables:
                        SHARED: from-globals
                        OVERRIDDEN: from-globals
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Timeout: 20
                      Environment:
                        Variables:
                          OVERRIDDEN: !Sub "${Stage}-${AWS::Region}-${Fn.Arn}-${!Literal}"
                          JOINED: !Join [":", [a, !Ref Stage]]
                      Events:
                        Any:
                          Type: HttpApi
                """)), new LocalValues("us-east-1", "000000000000", "s", "b", "arn:c:c", "arn:s",
                Map.of("Stage", "prod")));

        FunctionDefinition function = template.function("Fn").orElseThrow();
        assertThat(function.memorySizeMb()).isEqualTo(512);
        assertThat(function.timeoutSeconds()).isEqualTo(20);
        assertThat(function.handler()).isEqualTo("a.Global::handle");
        assertThat(function.environment()).containsEntry("SHARED", "from-globals")
                .containsEntry("OVERRIDDEN", "prod-us-east-1-arn:aws:lambda:us-east-1:000000000000:function:Fn-${Literal}")
                .containsEntry("JOINED", "a:prod");
        assertThat(function.routes()).singleElement().satisfies(route -> {
            assertThat(route.routeKey()).isEqualTo("$default");
            assertThat(route.authorizer()).isEmpty();
        });
    }

    @Test
    void from_whenAnEnvironmentValueUsesAnUnsupportedIntrinsic_failsNamingTheVariable() {
        Map<String, Object> yaml = CloudFormationYaml.load(new StringReader("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Environment:
                        Variables:
                          FROM_ELSEWHERE: !ImportValue shared-stack-output
                """));

        assertThatThrownBy(() -> ServerlessTemplate.from(yaml, LOCAL))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Fn.Environment.Variables.FROM_ELSEWHERE")
                .hasMessageContaining("Fn::ImportValue is not supported");
    }

    @Test
    void from_whenARefHasNoLocalValue_failsNamingTheReference() {
        Map<String, Object> yaml = CloudFormationYaml.load(new StringReader("""
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Environment:
                        Variables:
                          QUEUE_URL: !Ref Queue
                """));

        assertThatThrownBy(() -> ServerlessTemplate.from(yaml, LOCAL))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Fn.Environment.Variables.QUEUE_URL: Ref Queue has no local value");
    }

    @Test
    void load_theProjectTemplate_readsTheHttpApisCorsConfiguration_throughItsConditionAndSplit() throws Exception {
        Path file = Path.of(System.getProperty("blog.root.dir"), "template.yaml");

        CorsConfiguration cors = ServerlessTemplate.load(file, LOCAL).cors().orElseThrow();

        assertThat(cors.allowOrigins()).containsExactly("*");
        assertThat(cors.allowMethods()).containsExactly("GET", "POST", "PUT", "DELETE", "OPTIONS");
        assertThat(cors.allowHeaders()).contains("authorization", "content-type", "if-match");
        assertThat(cors.exposeHeaders()).contains("etag", "location", "retry-after");
        assertThat(cors.maxAgeSeconds()).hasValue(600);
        assertThat(cors.allowCredentials()).isFalse();
    }

    @Test
    void load_withCorsTurnedOffByItsParameter_hasNoCors_andNamedOriginsAreSplit() throws Exception {
        Path file = Path.of(System.getProperty("blog.root.dir"), "template.yaml");

        assertThat(ServerlessTemplate.load(file, withParameters(Map.of("CorsAllowOrigins", ""))).cors()).isEmpty();
        assertThat(ServerlessTemplate.load(file, withParameters(Map.of("CorsAllowOrigins",
                "https://a.example,https://b.example"))).cors().orElseThrow().allowOrigins())
                .containsExactly("https://a.example", "https://b.example");
    }

    private static LocalValues withParameters(Map<String, String> overrides) {
        return new LocalValues(LOCAL.region(), LOCAL.accountId(), LOCAL.stackName(), LOCAL.bucket(),
                LOCAL.clusterArn(), LOCAL.secretArn(), overrides);
    }
}
