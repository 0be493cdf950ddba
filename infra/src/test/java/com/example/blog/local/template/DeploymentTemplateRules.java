package com.example.blog.local.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the deployable template must guarantee, as checks over the parsed (untransformed) SAM template. Each check
 * returns human-readable violations, empty when the rule holds, so a test can show every problem at once and a
 * mutated template can prove that the check notices a broken rule.
 */
final class DeploymentTemplateRules {

    static final String CODE_URI = "functions/target/blog-functions.zip";

    /** The routes of the HTTP API contract: route key to function logical id. */
    static final Map<String, String> ROUTES = Map.of(
            "GET /blogs", "ListBlogsFunction",
            "GET /blogs/{id}", "GetBlogFunction",
            "POST /blogs", "CreateBlogFunction",
            "PUT /blogs/{id}", "UpdateBlogFunction",
            "DELETE /blogs/{id}", "DeleteBlogFunction",
            "POST /uploads", "CreateUploadFunction");

    static final Set<String> PUBLIC_ROUTES = Set.of("GET /blogs", "GET /blogs/{id}");

    /** Every variable of the functions' configuration contract; all are set in Globals. */
    static final Set<String> BLOG_VARIABLES = Set.of("BLOG_CLUSTER_ARN", "BLOG_SECRET_ARN", "BLOG_DATABASE",
            "BLOG_BUCKET", "BLOG_IMAGE_MAX_BYTES", "BLOG_IMAGE_URL_TTL_SECONDS", "BLOG_IMAGE_PUBLIC_BASE_URL",
            "BLOG_S3_FORCE_PATH_STYLE", "BLOG_ORPHAN_MIN_AGE_SECONDS", "BLOG_UPLOAD_MAX_BYTES",
            "BLOG_UPLOAD_TTL_SECONDS");

    private static final Set<String> LOG_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    private static final Set<String> DATABASE_ACCESS = Set.of("secretsmanager:GetSecretValue");

    private static final String IMAGES = "images/";
    private static final String UPLOADS = "uploads/";

    /**
     * The most each function may be granted besides rds-data actions (which must match what the code calls) and
     * its own log group: the S3 actions its route performs, per key prefix (s3:ListBucket: the prefixes it lists).
     */
    static final Map<String, Map<String, Set<String>>> ALLOWED_S3_ACTIONS = Map.of(
            "ListBlogsFunction", Map.of(IMAGES, Set.of("s3:GetObject")),
            "GetBlogFunction", Map.of(IMAGES, Set.of("s3:GetObject")),
            "CreateBlogFunction", Map.of(IMAGES, Set.of("s3:PutObject", "s3:DeleteObject", "s3:GetObject"),
                    UPLOADS, Set.of("s3:GetObject", "s3:DeleteObject")),
            "UpdateBlogFunction", Map.of(IMAGES, Set.of("s3:PutObject", "s3:DeleteObject", "s3:GetObject"),
                    UPLOADS, Set.of("s3:GetObject", "s3:DeleteObject")),
            "DeleteBlogFunction", Map.of(IMAGES, Set.of("s3:DeleteObject")),
            "CreateUploadFunction", Map.of(UPLOADS, Set.of("s3:PutObject")),
            "SweepOrphanImagesFunction", Map.of(IMAGES, Set.of("s3:ListBucket", "s3:DeleteObject"),
                    UPLOADS, Set.of("s3:ListBucket", "s3:DeleteObject")),
            "SchemaMigrationFunction", Map.of());

    /** Functions that never reach the database: they may hold no rds-data or secret permission. */
    static final Set<String> WITHOUT_DATABASE = Set.of("CreateUploadFunction");

    static final Object CLUSTER_ARN = Map.of("Fn::GetAtt", List.of("BlogCluster", "DBClusterArn"));
    static final Object SECRET_ARN = Map.of("Ref", "BlogDatabaseSecret");
    static final Object IMAGE_BUCKET = Map.of("Fn::GetAtt", List.of("ImageBucket", "Arn"));

    /** The objects under one prefix, as the template names them. */
    static Object objectsUnder(String prefix) {
        return Map.of("Fn::Sub", "${ImageBucket.Arn}/" + prefix + "*");
    }

    private final Map<String, Object> template;

    DeploymentTemplateRules(Map<String, Object> template) {
        this.template = template;
    }

    // ------------------------------------------------------------------ functions and artifact

    /** Every function runs a class that exists in the artifact it is deployed from. */
    List<String> handlersExistIn(Set<String> classEntries) {
        List<String> violations = new ArrayList<>();
        functions().forEach((id, properties) -> {
            if (!CODE_URI.equals(properties.get("CodeUri"))) {
                violations.add(id + ": CodeUri must be " + CODE_URI + " but is " + properties.get("CodeUri"));
            }
            String handler = String.valueOf(properties.get("Handler"));
            String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            String entry = className.replace('.', '/') + ".class";
            if (!classEntries.contains(entry)) {
                violations.add(id + ": handler class " + className + " is not in lib/blog-functions.jar");
            }
        });
        return violations;
    }

    /** Java 25 with the runtime's own JVM flags, SnapStart on published versions, invoked through an alias, no VPC. */
    List<String> runtimeAndSnapStart() {
        List<String> violations = new ArrayList<>();
        functions().forEach((id, properties) -> {
            if (!"java25".equals(properties.get("Runtime"))) {
                violations.add(id + ": runtime must be java25 but is " + properties.get("Runtime"));
            }
            if (properties.containsKey("VpcConfig")) {
                violations.add(id + ": must not be in a VPC (the Data API and S3 are reached over AWS endpoints)");
            }
            Object tool = environment(properties).get("JAVA_TOOL_OPTIONS");
            if (tool != null && tool.toString().contains("TieredStopAtLevel")) {
                // java25 picks the tiered-compilation level itself: C1 only on demand, full tiers under SnapStart.
                violations.add(id + ": JAVA_TOOL_OPTIONS must leave tiered compilation to the java25 runtime");
            }
            if (!apiRoutesOf(id).isEmpty()) {
                Object snapStart = map(properties.get("SnapStart")).get("ApplyOn");
                if (!"PublishedVersions".equals(snapStart)) {
                    violations.add(id + ": SnapStart ApplyOn must be PublishedVersions");
                }
                Object alias = properties.get("AutoPublishAlias");
                if (!(alias instanceof String name) || name.isBlank()) {
                    violations.add(id + ": needs AutoPublishAlias so the API invokes a published SnapStart version");
                }
            }
        });
        return violations;
    }

    /** JSON logs into a stack-owned log group with a retention period. */
    List<String> logging() {
        List<String> violations = new ArrayList<>();
        functions().forEach((id, properties) -> {
            Map<String, Object> config = map(properties.get("LoggingConfig"));
            if (!"JSON".equals(config.get("LogFormat"))) {
                violations.add(id + ": LoggingConfig.LogFormat must be JSON");
            }
            if (config.get("ApplicationLogLevel") == null || config.get("SystemLogLevel") == null) {
                violations.add(id + ": LoggingConfig needs ApplicationLogLevel and SystemLogLevel");
            }
            String group = refName(config.get("LogGroup"));
            if (group == null || !"AWS::Logs::LogGroup".equals(type(group))) {
                violations.add(id + ": LoggingConfig.LogGroup must reference an AWS::Logs::LogGroup of the stack");
            }
        });
        resources().forEach((id, resource) -> {
            if ("AWS::Logs::LogGroup".equals(resource.get("Type"))
                    && properties(id).get("RetentionInDays") == null) {
                violations.add(id + ": log group without RetentionInDays keeps logs (and bills for them) forever");
            }
        });
        return violations;
    }

    // ------------------------------------------------------------------ routes, authorizer, events

    /** The contract's routes, each on its function, writes behind the JWT authorizer, reads public. */
    List<String> routes() {
        List<String> violations = new ArrayList<>();
        Map<String, String> found = new LinkedHashMap<>();
        functions().forEach((id, properties) -> map(properties.get("Events")).forEach((name, value) -> {
            Map<String, Object> event = map(value);
            if (!"HttpApi".equals(event.get("Type"))) {
                return;
            }
            Map<String, Object> eventProperties = map(event.get("Properties"));
            String routeKey = eventProperties.get("Method") + " " + eventProperties.get("Path");
            found.put(routeKey, id);
            Object authorizer = map(eventProperties.get("Auth")).get("Authorizer");
            if (PUBLIC_ROUTES.contains(routeKey) && !"NONE".equals(authorizer)) {
                violations.add(routeKey + ": a read route must say Auth: Authorizer: NONE");
            }
            if (!PUBLIC_ROUTES.contains(routeKey) && authorizer != null) {
                violations.add(routeKey + ": a write route must use the default JWT authorizer, not " + authorizer);
            }
        }));
        ROUTES.forEach((routeKey, function) -> {
            if (!function.equals(found.get(routeKey))) {
                violations.add(routeKey + ": must be served by " + function + " but is served by "
                        + found.get(routeKey));
            }
        });
        found.keySet().stream().filter(route -> !ROUTES.containsKey(route))
                .forEach(route -> violations.add(route + ": route is not part of the API contract"));

        Map<String, Object> auth = map(properties("BlogApi").get("Auth"));
        if (!"BlogJwtAuthorizer".equals(auth.get("DefaultAuthorizer"))) {
            violations.add("BlogApi: DefaultAuthorizer must be BlogJwtAuthorizer");
        }
        Map<String, Object> authorizer = map(map(auth.get("Authorizers")).get("BlogJwtAuthorizer"));
        Map<String, Object> jwt = map(authorizer.get("JwtConfiguration"));
        if (jwt.get("issuer") == null || jwt.get("audience") == null) {
            violations.add("BlogApi: BlogJwtAuthorizer needs a JwtConfiguration with issuer and audience");
        }
        if (!"$request.header.Authorization".equals(authorizer.get("IdentitySource"))) {
            violations.add("BlogApi: BlogJwtAuthorizer must read the Authorization header");
        }
        return violations;
    }

    /**
     * Every route has a sample event whose routeKey matches, and every sample event names a route of the template.
     * Event files are called {@code <route-name>[-<case>].json}, route-name being the HttpApi event's name in
     * kebab case (ListBlogs becomes list-blogs).
     *
     * @param eventRouteKeys file name to the routeKey inside it
     */
    List<String> eventsCover(Map<String, String> eventRouteKeys) {
        List<String> violations = new ArrayList<>();
        Map<String, String> routeByEventName = new LinkedHashMap<>();
        functions().forEach((id, properties) -> map(properties.get("Events")).forEach((name, value) -> {
            Map<String, Object> event = map(value);
            if ("HttpApi".equals(event.get("Type"))) {
                Map<String, Object> eventProperties = map(event.get("Properties"));
                routeByEventName.put(kebab(name), eventProperties.get("Method") + " " + eventProperties.get("Path"));
            }
        }));
        Set<String> covered = new TreeSet<>();
        eventRouteKeys.forEach((file, routeKey) -> {
            String base = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
            String routeName = routeByEventName.keySet().stream()
                    .filter(name -> base.equals(name) || base.startsWith(name + "-"))
                    .max((a, b) -> Integer.compare(a.length(), b.length()))
                    .orElse(null);
            if (routeName == null) {
                violations.add("events/" + file + ": no route of the template is called like this file");
            } else if (!routeByEventName.get(routeName).equals(routeKey)) {
                violations.add("events/" + file + ": routeKey is " + routeKey + " but the " + routeName
                        + " route is " + routeByEventName.get(routeName));
            } else {
                covered.add(routeKey);
            }
        });
        routeByEventName.forEach((name, routeKey) -> {
            if (!covered.contains(routeKey)) {
                violations.add(routeKey + ": no events/" + name + "[-case].json to invoke it with");
            }
        });
        return violations;
    }

    /** Every variable the code reads is set for every function, and only contract variables are set. */
    List<String> environmentCovers(Set<String> variablesReadByCode) {
        List<String> violations = new ArrayList<>();
        functions().forEach((id, properties) -> {
            Map<String, Object> variables = environment(properties);
            for (String variable : new TreeSet<>(variablesReadByCode)) {
                if (!variables.containsKey(variable)) {
                    violations.add(id + ": the code reads " + variable + " but the template does not set it");
                }
            }
            for (String variable : new TreeSet<>(BLOG_VARIABLES)) {
                if (!variables.containsKey(variable)) {
                    violations.add(id + ": contract variable " + variable + " is not set");
                }
            }
            variables.keySet().stream().filter(name -> name.startsWith("BLOG_") && !BLOG_VARIABLES.contains(name))
                    .forEach(name -> violations.add(id + ": " + name + " is not a contract variable"));
        });
        return violations;
    }

    // ------------------------------------------------------------------ IAM

    /**
     * Each function has its own role; every statement allows named actions on named resources; the actions are
     * within the function's allowance; rds-data actions are exactly those the code calls.
     */
    List<String> leastPrivilege(Set<String> rdsDataActionsUsedByCode) {
        List<String> violations = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        functions().forEach((id, properties) -> {
            if (properties.containsKey("Policies")) {
                violations.add(id + ": SAM Policies would create a role with AWSLambdaBasicExecutionRole (logs on *);"
                        + " use the function's own role");
            }
            String role = getAttName(properties.get("Role"), "Arn");
            if (role == null || !"AWS::IAM::Role".equals(type(role))) {
                violations.add(id + ": Role must be !GetAtt <its own AWS::IAM::Role>.Arn");
                return;
            }
            if (!roles.add(role)) {
                violations.add(id + ": shares role " + role + " with another function");
            }
            Map<String, Set<String>> allowedS3 = ALLOWED_S3_ACTIONS.get(id);
            if (allowedS3 == null) {
                violations.add(id + ": has no least-privilege allowance in this test; add one");
                return;
            }
            String logGroup = refName(map(properties.get("LoggingConfig")).get("LogGroup"));
            Map<String, Object> roleProperties = properties(role);
            if (roleProperties.containsKey("ManagedPolicyArns")) {
                violations.add(role + ": managed policies are not least-privilege; use inline statements");
            }
            Set<String> granted = new TreeSet<>();
            for (Map<String, Object> statement : statements(roleProperties)) {
                violations.addAll(checkStatement(role, statement, allowedS3, rdsDataActionsUsedByCode, logGroup,
                        granted));
            }
            Set<String> rdsGranted = new TreeSet<>(granted);
            rdsGranted.removeIf(action -> !action.startsWith("rds-data:"));
            boolean database = !WITHOUT_DATABASE.contains(id);
            Set<String> rdsNeeded = database ? rdsDataActionsUsedByCode : Set.of();
            if (!rdsGranted.equals(rdsNeeded)) {
                violations.add(role + ": grants " + rdsGranted + " but the code calls " + new TreeSet<>(rdsNeeded));
            }
            if (!granted.containsAll(LOG_ACTIONS)) {
                violations.add(role + ": cannot write its logs (needs " + LOG_ACTIONS + ")");
            }
            if (!database && granted.stream().anyMatch(DATABASE_ACCESS::contains)) {
                violations.add(role + ": reads the database secret but its function never uses the database");
            }
            if (database && !granted.containsAll(DATABASE_ACCESS)) {
                violations.add(role + ": the Data API needs secretsmanager:GetSecretValue on the database secret");
            }
        });
        return violations;
    }

    private List<String> checkStatement(String role, Map<String, Object> statement,
            Map<String, Set<String>> allowedS3,
            Set<String> rdsDataActions, String logGroup, Set<String> granted) {
        List<String> violations = new ArrayList<>();
        if (!"Allow".equals(statement.get("Effect"))) {
            return violations;
        }
        if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
            violations.add(role + ": NotAction/NotResource grant more than they name");
        }
        List<Object> resources = list(statement.get("Resource"));
        for (Object resource : resources) {
            if ("*".equals(resource) || (resource instanceof String text && text.endsWith(":*"))) {
                violations.add(role + ": Resource " + resource + " where the resource can be named");
            }
        }
        for (Object value : list(statement.get("Action"))) {
            String action = String.valueOf(value);
            granted.add(action);
            if (action.contains("*")) {
                violations.add(role + ": wildcard action " + action);
                continue;
            }
            Object expected;
            if (LOG_ACTIONS.contains(action)) {
                expected = Map.of("Fn::GetAtt", List.of(String.valueOf(logGroup), "Arn"));
            } else if (action.startsWith("rds-data:")) {
                expected = CLUSTER_ARN;
                if (!rdsDataActions.contains(action)) {
                    violations.add(role + ": " + action + " is granted but no code calls it");
                }
            } else if (DATABASE_ACCESS.contains(action)) {
                expected = SECRET_ARN;
            } else if (action.equals("s3:ListBucket")) {
                expected = IMAGE_BUCKET;
                // Listing is a bucket action; it must be held to the prefixes the function lists.
                List<String> prefixes = allowedS3.entrySet().stream()
                        .filter(entry -> entry.getValue().contains(action)).map(entry -> entry.getKey() + "*")
                        .sorted().toList();
                Object listed = map(map(statement.get("Condition")).get("StringLike")).get("s3:prefix");
                List<String> listedPrefixes = list(listed).stream().map(String::valueOf).sorted().toList();
                if (prefixes.isEmpty()) {
                    violations.add(role + ": " + action + " is more than its route needs");
                } else if (!listedPrefixes.equals(prefixes) || map(statement.get("Condition")).size() != 1) {
                    violations.add(role + ": s3:ListBucket must be limited to the prefixes " + prefixes
                            + " by StringLike s3:prefix, but its condition is " + statement.get("Condition"));
                }
            } else if (action.startsWith("s3:")) {
                for (Object resource : resources) {
                    boolean allowed = allowedS3.entrySet().stream().anyMatch(entry ->
                            objectsUnder(entry.getKey()).equals(resource) && entry.getValue().contains(action));
                    if (!allowed) {
                        violations.add(role + ": " + action + " is more than its route needs on " + resource
                                + " (allowed: " + allowedS3 + ")");
                    }
                }
                continue;
            } else {
                violations.add(role + ": " + action + " is not needed by any blog function");
                continue;
            }
            if (!resources.equals(List.of(expected))) {
                violations.add(role + ": " + action + " must be limited to " + expected + " but is on " + resources);
            }
        }
        return violations;
    }

    // ------------------------------------------------------------------ storage and database

    List<String> bucketHardening() {
        List<String> violations = new ArrayList<>();
        Map<String, Object> bucket = properties("ImageBucket");
        Map<String, Object> block = map(bucket.get("PublicAccessBlockConfiguration"));
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
                "RestrictPublicBuckets")) {
            if (!Boolean.TRUE.equals(block.get(setting))) {
                violations.add("ImageBucket: " + setting + " must be true");
            }
        }
        Object algorithm = map(map(first(map(bucket.get("BucketEncryption"))
                .get("ServerSideEncryptionConfiguration"))).get("ServerSideEncryptionByDefault")).get("SSEAlgorithm");
        if (!Set.of("AES256", "aws:kms", "aws:kms:dsse").contains(String.valueOf(algorithm))) {
            violations.add("ImageBucket: default encryption must be SSE-S3 or SSE-KMS");
        }
        boolean enforced = list(map(bucket.get("OwnershipControls")).get("Rules")).stream()
                .anyMatch(rule -> "BucketOwnerEnforced".equals(map(rule).get("ObjectOwnership")));
        if (!enforced) {
            violations.add("ImageBucket: ObjectOwnership must be BucketOwnerEnforced (ACLs disabled)");
        }
        boolean abortsUploads = list(map(bucket.get("LifecycleConfiguration")).get("Rules")).stream()
                .map(DeploymentTemplateRules::map)
                .anyMatch(rule -> "Enabled".equals(rule.get("Status"))
                        && map(rule.get("AbortIncompleteMultipartUpload")).get("DaysAfterInitiation") != null);
        if (!abortsUploads) {
            violations.add("ImageBucket: needs an enabled lifecycle rule aborting incomplete multipart uploads");
        }
        boolean tlsOnly = resources().entrySet().stream()
                .filter(entry -> "AWS::S3::BucketPolicy".equals(entry.getValue().get("Type")))
                .filter(entry -> "ImageBucket".equals(refName(properties(entry.getKey()).get("Bucket"))))
                .flatMap(entry -> list(map(properties(entry.getKey()).get("PolicyDocument")).get("Statement"))
                        .stream().map(DeploymentTemplateRules::map))
                .anyMatch(DeploymentTemplateRules::deniesInsecureTransport);
        if (!tlsOnly) {
            violations.add("ImageBucket: needs a bucket policy denying s3:* when aws:SecureTransport is false");
        }
        return violations;
    }

    private static boolean deniesInsecureTransport(Map<String, Object> statement) {
        Object secure = map(map(statement.get("Condition")).get("Bool")).get("aws:SecureTransport");
        List<Object> resources = list(statement.get("Resource"));
        return "Deny".equals(statement.get("Effect"))
                && "*".equals(statement.get("Principal"))
                && list(statement.get("Action")).contains("s3:*")
                && ("false".equals(String.valueOf(secure)))
                && resources.contains(Map.of("Fn::GetAtt", List.of("ImageBucket", "Arn")))
                && resources.contains(Map.of("Fn::Sub", "${ImageBucket.Arn}/*"));
    }

    List<String> database() {
        List<String> violations = new ArrayList<>();
        Map<String, Object> cluster = properties("BlogCluster");
        if (!"aurora-postgresql".equals(cluster.get("Engine"))) {
            violations.add("BlogCluster: engine must be aurora-postgresql");
        }
        if (!Boolean.TRUE.equals(cluster.get("EnableHttpEndpoint"))) {
            violations.add("BlogCluster: EnableHttpEndpoint must be true (the functions use the Data API)");
        }
        if (!Boolean.TRUE.equals(cluster.get("StorageEncrypted"))) {
            violations.add("BlogCluster: StorageEncrypted must be true");
        }
        if (cluster.get("DeletionProtection") == null) {
            violations.add("BlogCluster: DeletionProtection must be decided explicitly");
        }
        if (!"Snapshot".equals(resources().get("BlogCluster").get("DeletionPolicy"))) {
            violations.add("BlogCluster: DeletionPolicy must be Snapshot so deleting the stack keeps the posts");
        }
        Map<String, Object> scaling = map(cluster.get("ServerlessV2ScalingConfiguration"));
        String minParameter = refName(scaling.get("MinCapacity"));
        Object minDefault = minParameter == null ? null : map(parameters().get(minParameter)).get("Default");
        if (minDefault == null || Double.parseDouble(minDefault.toString()) != 0) {
            violations.add("BlogCluster: MinCapacity must be a parameter defaulting to 0 (auto-pause)");
        }
        if (!scaling.containsKey("SecondsUntilAutoPause")) {
            violations.add("BlogCluster: SecondsUntilAutoPause must be set for auto-pause");
        }
        boolean writer = resources().entrySet().stream()
                .filter(entry -> "AWS::RDS::DBInstance".equals(entry.getValue().get("Type")))
                .map(entry -> properties(entry.getKey()))
                .anyMatch(instance -> "db.serverless".equals(instance.get("DBInstanceClass"))
                        && "BlogCluster".equals(refName(instance.get("DBClusterIdentifier")))
                        && Boolean.FALSE.equals(instance.get("PubliclyAccessible")));
        if (!writer) {
            violations.add("BlogCluster: needs a private db.serverless instance (the Data API needs a writer)");
        }
        return violations;
    }

    /** The schema is applied on deploy by the project's own handler, re-run whenever its code changes. */
    List<String> schemaCustomResource() {
        List<String> violations = new ArrayList<>();
        Map<String, Object> resource = resources().get("BlogSchema");
        Map<String, Object> schema = properties("BlogSchema");
        if (!"SchemaMigrationFunction".equals(getAttName(schema.get("ServiceToken"), "Arn"))) {
            violations.add("BlogSchema: ServiceToken must be the SchemaMigrationFunction");
        }
        if (!Objects.equals(schema.get("CodeVersion"), Map.of("Ref", "SchemaMigrationFunction.Version"))) {
            violations.add("BlogSchema: CodeVersion must follow SchemaMigrationFunction.Version so a new artifact "
                    + "re-runs the scripts");
        }
        if (resource == null || !list(resource.get("DependsOn")).contains("BlogClusterWriter")) {
            violations.add("BlogSchema: must wait for the writer instance (DependsOn BlogClusterWriter)");
        }
        Object handler = properties("SchemaMigrationFunction").get("Handler");
        if (!"com.example.blog.schema.SchemaMigrationHandler::handleRequest".equals(handler)) {
            violations.add("SchemaMigrationFunction: handler must be SchemaMigrationHandler");
        }
        return violations;
    }

    List<String> outputs() {
        List<String> violations = new ArrayList<>();
        Map<String, Object> outputs = map(template.get("Outputs"));
        for (String name : List.of("ApiUrl", "ImageBucketName", "DatabaseClusterArn", "DatabaseSecretArn",
                "UserPoolId", "UserPoolClientId")) {
            if (!outputs.containsKey(name)) {
                violations.add("Outputs: " + name + " is missing");
            }
        }
        return violations;
    }

    // ------------------------------------------------------------------ web page

    /**
     * The web page: a private bucket that only its distribution reads (origin access control), viewers sent to
     * HTTPS, security headers on every answer, index.html at the root.
     */
    List<String> webPage() {
        List<String> violations = new ArrayList<>();
        Map<String, Object> block = map(properties("SiteBucket").get("PublicAccessBlockConfiguration"));
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
                "RestrictPublicBuckets")) {
            if (!Boolean.TRUE.equals(block.get(setting))) {
                violations.add("SiteBucket: " + setting + " must be true");
            }
        }
        List<Map<String, Object>> statements = resources().entrySet().stream()
                .filter(entry -> "AWS::S3::BucketPolicy".equals(entry.getValue().get("Type")))
                .filter(entry -> "SiteBucket".equals(refName(properties(entry.getKey()).get("Bucket"))))
                .flatMap(entry -> list(map(properties(entry.getKey()).get("PolicyDocument")).get("Statement"))
                        .stream().map(DeploymentTemplateRules::map))
                .toList();
        boolean onlyTheDistribution = statements.stream()
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .allMatch(statement -> map(statement.get("Principal")).get("Service") != null
                        && "cloudfront.amazonaws.com".equals(map(statement.get("Principal")).get("Service"))
                        && String.valueOf(map(map(statement.get("Condition")).get("StringEquals"))
                                .get("AWS:SourceArn")).contains("SiteDistribution"));
        if (statements.stream().noneMatch(statement -> "Allow".equals(statement.get("Effect")))
                || !onlyTheDistribution) {
            violations.add("SiteBucketPolicy: only SiteDistribution may read the site bucket (cloudfront.amazonaws.com"
                    + " with AWS:SourceArn)");
        }
        Map<String, Object> distribution = map(properties("SiteDistribution").get("DistributionConfig"));
        boolean originAccessControl = !list(distribution.get("Origins")).isEmpty()
                && list(distribution.get("Origins")).stream().map(DeploymentTemplateRules::map)
                        .allMatch(origin -> String.valueOf(origin.get("OriginAccessControlId"))
                                .contains("SiteOriginAccessControl"));
        if (!originAccessControl) {
            violations.add("SiteDistribution: the bucket origin must use origin access control");
        }
        Map<String, Object> behavior = map(distribution.get("DefaultCacheBehavior"));
        if (!Set.of("redirect-to-https", "https-only").contains(String.valueOf(behavior.get("ViewerProtocolPolicy")))) {
            violations.add("SiteDistribution: viewers must be redirected to HTTPS");
        }
        if (!"index.html".equals(distribution.get("DefaultRootObject"))) {
            violations.add("SiteDistribution: DefaultRootObject must be index.html");
        }
        String headersPolicy = refName(behavior.get("ResponseHeadersPolicyId"));
        Map<String, Object> security = headersPolicy == null ? Map.of()
                : map(map(properties(headersPolicy).get("ResponseHeadersPolicyConfig")).get("SecurityHeadersConfig"));
        for (String header : List.of("ContentSecurityPolicy", "StrictTransportSecurity", "ContentTypeOptions",
                "FrameOptions", "ReferrerPolicy")) {
            if (!security.containsKey(header)) {
                violations.add("SiteDistribution: its response headers policy needs " + header);
            }
        }
        return violations;
    }

    // ------------------------------------------------------------------ template navigation

    /** Each AWS::Serverless::Function's properties with Globals.Function applied as SAM applies them. */
    Map<String, Map<String, Object>> functions() {
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> effective = new LinkedHashMap<>(globals);
            Map<String, Object> own = properties(id);
            effective.putAll(own);
            Map<String, Object> variables = new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
            variables.putAll(map(map(own.get("Environment")).get("Variables")));
            effective.put("Environment", Map.of("Variables", variables));
            functions.put(id, effective);
        });
        return functions;
    }

    private Set<String> apiRoutesOf(String function) {
        Set<String> routes = new TreeSet<>();
        map(properties(function).get("Events")).values().stream().map(DeploymentTemplateRules::map)
                .filter(event -> "HttpApi".equals(event.get("Type")))
                .forEach(event -> routes.add(map(event.get("Properties")).get("Method") + " "
                        + map(event.get("Properties")).get("Path")));
        return routes;
    }

    private static Map<String, Object> environment(Map<String, Object> functionProperties) {
        return map(map(functionProperties.get("Environment")).get("Variables"));
    }

    private List<Map<String, Object>> statements(Map<String, Object> roleProperties) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(roleProperties.get("Policies"))) {
            for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                statements.add(map(statement));
            }
        }
        return statements;
    }

    Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((id, resource) -> resources.put(id, map(resource)));
        return resources;
    }

    Map<String, Object> properties(String resource) {
        return map(map(map(template.get("Resources")).get(resource)).get("Properties"));
    }

    private Map<String, Object> parameters() {
        return map(template.get("Parameters"));
    }

    private String type(String resource) {
        Object type = map(map(template.get("Resources")).get(resource)).get("Type");
        return type == null ? null : type.toString();
    }

    private static String refName(Object value) {
        Object ref = map(value).get("Ref");
        return ref == null ? null : ref.toString();
    }

    private static String getAttName(Object value, String attribute) {
        List<Object> getAtt = list(map(value).get("Fn::GetAtt"));
        return getAtt.size() == 2 && attribute.equals(getAtt.get(1)) ? String.valueOf(getAtt.get(0)) : null;
    }

    static String kebab(String pascal) {
        return pascal.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>((Collection<Object>) collection);
        }
        return value == null ? List.of() : List.of(value);
    }

    private static Object first(Object value) {
        List<Object> values = list(value);
        return values.isEmpty() ? null : values.get(0);
    }
}
