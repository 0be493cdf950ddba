package com.example.blog.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that every rule of {@link DeploymentTemplateRules} notices the mistake it exists for: each case breaks one
 * thing in a fresh in-memory copy of the real template.yaml (or in the inputs the rule compares it with) and
 * expects that rule to report it, while the unbroken template passes the same rule.
 */
class DeploymentTemplateRulesTest {

    /** What the checks compare the template with, as the functions branch provides it. */
    private static final Set<String> CLASSES = Set.of(
            "com/example/blog/handler/ListBlogsHandler.class", "com/example/blog/handler/GetBlogHandler.class",
            "com/example/blog/handler/CreateBlogHandler.class", "com/example/blog/handler/UpdateBlogHandler.class",
            "com/example/blog/handler/DeleteBlogHandler.class", "com/example/blog/handler/CreateUploadHandler.class",
            "com/example/blog/handler/SweepOrphanImagesHandler.class",
            "com/example/blog/schema/SchemaMigrationHandler.class");
    private static final Map<String, String> EVENTS = Map.of(
            "list-blogs.json", "GET /blogs",
            "create-upload.json", "POST /uploads",
            "get-blog.json", "GET /blogs/{id}",
            "get-blog-not-found.json", "GET /blogs/{id}",
            "create-blog-multipart.json", "POST /blogs",
            "create-blog-json.json", "POST /blogs",
            "update-blog.json", "PUT /blogs/{id}",
            "delete-blog.json", "DELETE /blogs/{id}");
    private static final Set<String> READ_VARIABLES = Set.of("BLOG_CLUSTER_ARN", "BLOG_BUCKET");
    private static final Set<String> RDS_DATA_CALLS = Set.of("rds-data:ExecuteStatement");

    static Stream<Arguments> brokenTemplates() {
        List<Arguments> cases = new ArrayList<>();
        // IAM
        cases.add(broken("Resource * on the Data API", iam(),
                t -> statement(t, "ListBlogsRole", "rds-data:ExecuteStatement").put("Resource", "*"),
                "ListBlogsRole: Resource * where the resource can be named"));
        cases.add(broken("an S3 action the route does not need", iam(),
                t -> statement(t, "DeleteBlogRole", "s3:DeleteObject")
                        .put("Action", List.of("s3:DeleteObject", "s3:PutObject")),
                "DeleteBlogRole: s3:PutObject is more than its route needs"));
        cases.add(broken("S3 access to the whole bucket", iam(),
                t -> statement(t, "GetBlogRole", "s3:GetObject")
                        .put("Resource", Map.of("Fn::Sub", "${ImageBucket.Arn}/*")),
                "GetBlogRole: s3:GetObject is more than its route needs on {Fn::Sub=${ImageBucket.Arn}/*}"));
        cases.add(broken("the upload signer allowed to write images", iam(),
                t -> statement(t, "CreateUploadRole", "s3:PutObject")
                        .put("Resource", Map.of("Fn::Sub", "${ImageBucket.Arn}/images/*")),
                "CreateUploadRole: s3:PutObject is more than its route needs on "
                        + "{Fn::Sub=${ImageBucket.Arn}/images/*}"));
        cases.add(broken("the upload signer given the database", iam(),
                t -> statement(t, "CreateUploadRole", "s3:PutObject")
                        .put("Action", List.of("s3:PutObject", "secretsmanager:GetSecretValue")),
                "CreateUploadRole: reads the database secret but its function never uses the database"));
        cases.add(broken("listing the whole bucket", iam(),
                t -> statement(t, "SweepOrphanImagesRole", "s3:ListBucket").remove("Condition"),
                "SweepOrphanImagesRole: s3:ListBucket must be limited to the prefixes [images/*, uploads/*]"));
        cases.add(broken("listing granted to a route that does not list", iam(),
                t -> statement(t, "DeleteBlogRole", "s3:DeleteObject").put("Action",
                        List.of("s3:DeleteObject", "s3:ListBucket")),
                "DeleteBlogRole: s3:ListBucket is more than its route needs"));
        cases.add(broken("a Data API action no code calls", iam(),
                t -> statement(t, "CreateBlogRole", "rds-data:ExecuteStatement")
                        .put("Action", List.of("rds-data:ExecuteStatement", "rds-data:BeginTransaction")),
                "CreateBlogRole: rds-data:BeginTransaction is granted but no code calls it"));
        cases.add(broken("a wildcard action", iam(),
                t -> statement(t, "UpdateBlogRole", "s3:PutObject").put("Action", "s3:*"),
                "UpdateBlogRole: wildcard action s3:*"));
        cases.add(broken("logs on every log group", iam(),
                t -> statement(t, "GetBlogRole", "logs:PutLogEvents").put("Resource", "arn:aws:logs:*:*:*"),
                "GetBlogRole: Resource arn:aws:logs:*:*:* where the resource can be named"));
        cases.add(broken("SAM Policies instead of the function's own role", iam(),
                t -> properties(t, "GetBlogFunction").put("Policies", List.of("AWSLambdaBasicExecutionRole")),
                "GetBlogFunction: SAM Policies would create a role"));
        cases.add(broken("two functions sharing a role", iam(),
                t -> properties(t, "GetBlogFunction").put("Role", Map.of("Fn::GetAtt", List.of("ListBlogsRole",
                        "Arn"))),
                "GetBlogFunction: shares role ListBlogsRole"));
        cases.add(broken("a managed policy on a role", iam(),
                t -> properties(t, "DeleteBlogRole").put("ManagedPolicyArns",
                        List.of("arn:aws:iam::aws:policy/AmazonS3FullAccess")),
                "DeleteBlogRole: managed policies are not least-privilege"));
        cases.add(brokenInput("a Data API call the role does not grant", iam(), rules -> rules.leastPrivilege(
                        Set.of("rds-data:ExecuteStatement", "rds-data:BeginTransaction")),
                "ListBlogsRole: grants [rds-data:ExecuteStatement] but the code calls [rds-data:BeginTransaction, "
                        + "rds-data:ExecuteStatement]"));
        // Bucket
        cases.add(broken("public bucket policies allowed", DeploymentTemplateRules::bucketHardening,
                t -> map(properties(t, "ImageBucket").get("PublicAccessBlockConfiguration"))
                        .put("BlockPublicPolicy", false),
                "ImageBucket: BlockPublicPolicy must be true"));
        cases.add(broken("no default encryption", DeploymentTemplateRules::bucketHardening,
                t -> properties(t, "ImageBucket").remove("BucketEncryption"),
                "ImageBucket: default encryption must be SSE-S3 or SSE-KMS"));
        cases.add(broken("ACLs enabled", DeploymentTemplateRules::bucketHardening,
                t -> properties(t, "ImageBucket").put("OwnershipControls",
                        Map.of("Rules", List.of(Map.of("ObjectOwnership", "ObjectWriter")))),
                "ImageBucket: ObjectOwnership must be BucketOwnerEnforced"));
        cases.add(broken("no multipart clean-up", DeploymentTemplateRules::bucketHardening,
                t -> properties(t, "ImageBucket").remove("LifecycleConfiguration"),
                "ImageBucket: needs an enabled lifecycle rule aborting incomplete multipart uploads"));
        cases.add(broken("plain HTTP allowed", DeploymentTemplateRules::bucketHardening,
                t -> resources(t).remove("ImageBucketPolicy"),
                "ImageBucket: needs a bucket policy denying s3:* when aws:SecureTransport is false"));
        // Functions
        cases.add(broken("an older runtime", DeploymentTemplateRules::runtimeAndSnapStart,
                t -> map(map(t.get("Globals")).get("Function")).put("Runtime", "java17"),
                "ListBlogsFunction: runtime must be java25 but is java17"));
        cases.add(broken("tiered compilation pinned", DeploymentTemplateRules::runtimeAndSnapStart,
                t -> map(map(map(map(t.get("Globals")).get("Function")).get("Environment")).get("Variables"))
                        .put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"),
                "GetBlogFunction: JAVA_TOOL_OPTIONS must leave tiered compilation to the java25 runtime"));
        cases.add(broken("no SnapStart", DeploymentTemplateRules::runtimeAndSnapStart,
                t -> properties(t, "CreateBlogFunction").remove("SnapStart"),
                "CreateBlogFunction: SnapStart ApplyOn must be PublishedVersions"));
        cases.add(broken("no alias", DeploymentTemplateRules::runtimeAndSnapStart,
                t -> properties(t, "UpdateBlogFunction").remove("AutoPublishAlias"),
                "UpdateBlogFunction: needs AutoPublishAlias"));
        cases.add(broken("a function in a VPC", DeploymentTemplateRules::runtimeAndSnapStart,
                t -> properties(t, "GetBlogFunction").put("VpcConfig", Map.of("SubnetIds", List.of("subnet-1"))),
                "GetBlogFunction: must not be in a VPC"));
        cases.add(broken("text logs", DeploymentTemplateRules::logging,
                t -> map(properties(t, "DeleteBlogFunction").get("LoggingConfig")).put("LogFormat", "Text"),
                "DeleteBlogFunction: LoggingConfig.LogFormat must be JSON"));
        cases.add(broken("logs kept forever", DeploymentTemplateRules::logging,
                t -> properties(t, "ListBlogsLogGroup").remove("RetentionInDays"),
                "ListBlogsLogGroup: log group without RetentionInDays"));
        cases.add(broken("logs in a group the stack does not own", DeploymentTemplateRules::logging,
                t -> map(properties(t, "GetBlogFunction").get("LoggingConfig")).put("LogGroup", "/aws/lambda/x"),
                "GetBlogFunction: LoggingConfig.LogGroup must reference an AWS::Logs::LogGroup"));
        cases.add(broken("a handler class that is not in the artifact",
                rules -> rules.handlersExistIn(CLASSES),
                t -> properties(t, "GetBlogFunction").put("Handler",
                        "com.example.blog.handler.GetBlogsHandler::handleRequest"),
                "GetBlogFunction: handler class com.example.blog.handler.GetBlogsHandler is not in "
                        + "lib/blog-functions.jar"));
        cases.add(broken("code that sam cannot find", rules -> rules.handlersExistIn(CLASSES),
                t -> properties(t, "ListBlogsFunction").put("CodeUri", "functions/"),
                "ListBlogsFunction: CodeUri must be functions/target/blog-functions.zip"));
        // Routes, events, environment
        cases.add(broken("a public write route", DeploymentTemplateRules::routes,
                t -> eventProperties(t, "DeleteBlogFunction", "DeleteBlog").put("Auth",
                        Map.of("Authorizer", "NONE")),
                "DELETE /blogs/{id}: a write route must use the default JWT authorizer"));
        cases.add(broken("a read route behind the authorizer", DeploymentTemplateRules::routes,
                t -> eventProperties(t, "ListBlogsFunction", "ListBlogs").remove("Auth"),
                "GET /blogs: a read route must say Auth: Authorizer: NONE"));
        cases.add(broken("a route on the wrong function", DeploymentTemplateRules::routes,
                t -> eventProperties(t, "UpdateBlogFunction", "UpdateBlog").put("Method", "PATCH"),
                "PUT /blogs/{id}: must be served by UpdateBlogFunction but is served by null"));
        cases.add(broken("no default authorizer", DeploymentTemplateRules::routes,
                t -> map(properties(t, "BlogApi").get("Auth")).remove("DefaultAuthorizer"),
                "BlogApi: DefaultAuthorizer must be BlogJwtAuthorizer"));
        Map<String, String> wrongRouteKey = new TreeMap<>(EVENTS);
        wrongRouteKey.put("update-blog.json", "POST /blogs/{id}");
        cases.add(brokenInput("an event file whose routeKey is not its route's", events(),
                rules -> rules.eventsCover(wrongRouteKey),
                "events/update-blog.json: routeKey is POST /blogs/{id} but the update-blog route is PUT /blogs/{id}"));
        Map<String, String> missingDelete = new TreeMap<>(EVENTS);
        missingDelete.remove("delete-blog.json");
        cases.add(brokenInput("a route without a sample event", events(), rules -> rules.eventsCover(missingDelete),
                "DELETE /blogs/{id}: no events/delete-blog[-case].json"));
        cases.add(broken("a contract variable missing from Globals", environment(),
                t -> map(map(map(map(t.get("Globals")).get("Function")).get("Environment")).get("Variables"))
                        .remove("BLOG_BUCKET"),
                "ListBlogsFunction: the code reads BLOG_BUCKET but the template does not set it"));
        cases.add(brokenInput("a variable the code reads but nobody sets", environment(),
                rules -> rules.environmentCovers(Set.of("BLOG_CLUSTER_ARN", "BLOG_CACHE_SECONDS")),
                "GetBlogFunction: the code reads BLOG_CACHE_SECONDS but the template does not set it"));
        // Database and schema
        cases.add(broken("no Data API", DeploymentTemplateRules::database,
                t -> properties(t, "BlogCluster").put("EnableHttpEndpoint", false),
                "BlogCluster: EnableHttpEndpoint must be true"));
        cases.add(broken("unencrypted storage", DeploymentTemplateRules::database,
                t -> properties(t, "BlogCluster").put("StorageEncrypted", false),
                "BlogCluster: StorageEncrypted must be true"));
        cases.add(broken("no auto-pause by default", DeploymentTemplateRules::database,
                t -> map(map(t.get("Parameters")).get("DatabaseMinCapacity")).put("Default", 0.5),
                "BlogCluster: MinCapacity must be a parameter defaulting to 0"));
        cases.add(broken("a cluster deleted without a snapshot", DeploymentTemplateRules::database,
                t -> resources(t).get("BlogCluster").put("DeletionPolicy", "Delete"),
                "BlogCluster: DeletionPolicy must be Snapshot"));
        cases.add(broken("a provisioned writer", DeploymentTemplateRules::database,
                t -> properties(t, "BlogClusterWriter").put("DBInstanceClass", "db.r6g.large"),
                "BlogCluster: needs a private db.serverless instance"));
        cases.add(broken("a schema that is not re-run for new code", DeploymentTemplateRules::schemaCustomResource,
                t -> properties(t, "BlogSchema").remove("CodeVersion"),
                "BlogSchema: CodeVersion must follow SchemaMigrationFunction.Version"));
        cases.add(broken("a schema applied before the writer exists", DeploymentTemplateRules::schemaCustomResource,
                t -> resources(t).get("BlogSchema").remove("DependsOn"),
                "BlogSchema: must wait for the writer instance"));
        cases.add(broken("a public site bucket", DeploymentTemplateRules::webPage,
                t -> map(properties(t, "SiteBucket").get("PublicAccessBlockConfiguration"))
                        .put("RestrictPublicBuckets", false),
                "SiteBucket: RestrictPublicBuckets must be true"));
        cases.add(broken("a site bucket anyone may read", DeploymentTemplateRules::webPage,
                t -> list(map(properties(t, "SiteBucketPolicy").get("PolicyDocument")).get("Statement"))
                        .add(new LinkedHashMap<>(Map.of("Effect", "Allow", "Principal", "*",
                                "Action", "s3:GetObject", "Resource", "*"))),
                "SiteBucketPolicy: only SiteDistribution may read"));
        cases.add(broken("a site origin without origin access control", DeploymentTemplateRules::webPage,
                t -> map(list(map(properties(t, "SiteDistribution").get("DistributionConfig")).get("Origins"))
                        .get(0)).remove("OriginAccessControlId"),
                "SiteDistribution: the bucket origin must use origin access control"));
        cases.add(broken("a site served over plain HTTP", DeploymentTemplateRules::webPage,
                t -> map(map(properties(t, "SiteDistribution").get("DistributionConfig"))
                        .get("DefaultCacheBehavior")).put("ViewerProtocolPolicy", "allow-all"),
                "SiteDistribution: viewers must be redirected to HTTPS"));
        cases.add(broken("a site without a content security policy", DeploymentTemplateRules::webPage,
                t -> map(map(properties(t, "SiteSecurityHeaders").get("ResponseHeadersPolicyConfig"))
                        .get("SecurityHeadersConfig")).remove("ContentSecurityPolicy"),
                "SiteDistribution: its response headers policy needs ContentSecurityPolicy"));
        cases.add(broken("a missing output", DeploymentTemplateRules::outputs,
                t -> map(t.get("Outputs")).remove("DatabaseSecretArn"),
                "Outputs: DatabaseSecretArn is missing"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenTemplates")
    void rule_whenTemplateOrItsInputsAreBroken_reportsIt(String mistake,
            Function<DeploymentTemplateRules, List<String>> withGoodInputs,
            Function<DeploymentTemplateRules, List<String>> withInputsUnderTest,
            Consumer<Map<String, Object>> breakIt, String expected) throws IOException {
        assertThat(withGoodInputs.apply(new DeploymentTemplateRules(template())))
                .as("the real template passes this rule").isEmpty();
        Map<String, Object> broken = template();

        breakIt.accept(broken);

        assertThat(withInputsUnderTest.apply(new DeploymentTemplateRules(broken))).anySatisfy(violation ->
                assertThat(violation).contains(expected));
    }

    /** The template is broken; the rule sees the same inputs as for the real template. */
    private static Arguments broken(String mistake, Function<DeploymentTemplateRules, List<String>> rule,
            Consumer<Map<String, Object>> breakIt, String expected) {
        return Arguments.of(mistake, rule, rule, breakIt, expected);
    }

    /** The template is intact; what it is compared with (code, events) is not. */
    private static Arguments brokenInput(String mistake, Function<DeploymentTemplateRules, List<String>> good,
            Function<DeploymentTemplateRules, List<String>> broken, String expected) {
        Consumer<Map<String, Object>> unchanged = template -> { };
        return Arguments.of(mistake, good, broken, unchanged, expected);
    }

    private static Function<DeploymentTemplateRules, List<String>> events() {
        return rules -> rules.eventsCover(EVENTS);
    }

    private static Function<DeploymentTemplateRules, List<String>> environment() {
        return rules -> rules.environmentCovers(READ_VARIABLES);
    }

    private static Function<DeploymentTemplateRules, List<String>> iam() {
        return rules -> rules.leastPrivilege(RDS_DATA_CALLS);
    }

    /** A fresh, mutable copy of the real template (SnakeYAML builds mutable maps and lists). */
    private static Map<String, Object> template() throws IOException {
        Path root = Path.of(System.getProperty("blog.root.dir", "..")).toAbsolutePath().normalize();
        return CloudFormationYaml.load(root.resolve("template.yaml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }

    private static Map<String, Object> properties(Map<String, Object> template, String resource) {
        return map(resources(template).get(resource).get("Properties"));
    }

    private static Map<String, Object> eventProperties(Map<String, Object> template, String function, String event) {
        return map(map(map(properties(template, function).get("Events")).get(event)).get("Properties"));
    }

    /** The statement of a role's inline policy that grants an action. */
    private static Map<String, Object> statement(Map<String, Object> template, String role, String action) {
        for (Object policy : (List<?>) properties(template, role).get("Policies")) {
            for (Object statement : (List<?>) map(map(policy).get("PolicyDocument")).get("Statement")) {
                Object actions = map(statement).get("Action");
                if (actions.equals(action) || (actions instanceof List<?> list && list.contains(action))) {
                    return map(statement);
                }
            }
        }
        throw new IllegalArgumentException(role + " grants no " + action);
    }
}
