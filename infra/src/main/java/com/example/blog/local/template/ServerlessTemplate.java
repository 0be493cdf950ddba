package com.example.blog.local.template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a SAM template that run locally: each {@code AWS::Serverless::Function} (handler, memory, timeout,
 * environment, with {@code Globals} applied as SAM applies them) and the HTTP API routes of their {@code HttpApi}
 * events with the JWT authorizer guarding each.
 */
public final class ServerlessTemplate {

    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String HTTP_API = "AWS::Serverless::HttpApi";

    private final List<FunctionDefinition> functions;
    private final Optional<CorsConfiguration> cors;

    private ServerlessTemplate(List<FunctionDefinition> functions, Optional<CorsConfiguration> cors) {
        this.functions = List.copyOf(functions);
        this.cors = cors;
    }

    /**
     * The HTTP API's {@code CorsConfiguration} (from its {@code AWS::Serverless::HttpApi} resource, else from
     * {@code Globals.HttpApi}); empty when CORS is off.
     */
    public Optional<CorsConfiguration> cors() {
        return cors;
    }

    public static ServerlessTemplate load(Path template, LocalValues values) throws IOException {
        return from(CloudFormationYaml.load(template), values);
    }

    public static ServerlessTemplate from(Map<String, Object> template, LocalValues values) {
        Map<String, Object> resources = mapping(template.get("Resources"), "Resources");
        Intrinsics intrinsics = intrinsics(template, resources, values);
        Map<String, Object> globals = mapping(mapping(template.get("Globals"), "Globals").get("Function"),
                "Globals.Function");
        Map<String, Object> globalApi = mapping(mapping(template.get("Globals"), "Globals").get("HttpApi"),
                "Globals.HttpApi");
        List<FunctionDefinition> functions = new ArrayList<>();
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> body = mapping(resource.getValue(), resource.getKey());
            if (FUNCTION.equals(body.get("Type"))) {
                functions.add(function(resource.getKey(), mapping(body.get("Properties"), resource.getKey()),
                        globals, globalApi, resources, intrinsics));
            }
        }
        if (functions.isEmpty()) {
            throw new TemplateException("the template has no " + FUNCTION);
        }
        return new ServerlessTemplate(functions, cors(resources, globalApi, intrinsics));
    }

    private static Optional<CorsConfiguration> cors(Map<String, Object> resources, Map<String, Object> globalApi,
            Intrinsics intrinsics) {
        Object configured = globalApi.get("CorsConfiguration");
        String where = "Globals.HttpApi.CorsConfiguration";
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> body = mapping(resource.getValue(), resource.getKey());
            Map<String, Object> properties = mapping(body.get("Properties"), resource.getKey());
            if (HTTP_API.equals(body.get("Type")) && properties.containsKey("CorsConfiguration")) {
                configured = properties.get("CorsConfiguration");
                where = resource.getKey() + ".CorsConfiguration";
                break;
            }
        }
        Object value = configured == null ? null : intrinsics.resolveValue(configured, where);
        if (value == null || Boolean.FALSE.equals(value)) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(value)) {
            return Optional.of(new CorsConfiguration(List.of("*"), List.of(), List.of(), List.of(), Optional.empty(),
                    false));
        }
        if (value instanceof String origin) {
            return Optional.of(new CorsConfiguration(List.of(origin), List.of(), List.of(), List.of(),
                    Optional.empty(), false));
        }
        Map<String, Object> cors = mapping(value, where);
        Object maxAge = cors.get("MaxAge");
        try {
            return Optional.of(new CorsConfiguration(strings(cors.get("AllowOrigins")),
                    strings(cors.get("AllowMethods")), strings(cors.get("AllowHeaders")),
                    strings(cors.get("ExposeHeaders")),
                    maxAge == null ? Optional.empty() : Optional.of(Integer.parseInt(String.valueOf(maxAge))),
                    Boolean.parseBoolean(String.valueOf(cors.get("AllowCredentials")))));
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ".MaxAge: expected a whole number, found " + maxAge);
        }
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            String text = String.valueOf(item).strip();
            if (!text.isEmpty()) {
                result.add(text);
            }
        }
        return result;
    }

    public List<FunctionDefinition> functions() {
        return functions;
    }

    public Optional<FunctionDefinition> function(String logicalId) {
        return functions.stream().filter(function -> function.logicalId().equals(logicalId)).findFirst();
    }

    public List<HttpRoute> routes() {
        return functions.stream().flatMap(function -> function.routes().stream()).toList();
    }

    private static FunctionDefinition function(String logicalId, Map<String, Object> properties,
            Map<String, Object> globals, Map<String, Object> globalApi, Map<String, Object> resources,
            Intrinsics intrinsics) {
        String where = logicalId;
        String handler = string(property(properties, globals, "Handler"), where + ".Handler", intrinsics);
        String runtime = string(property(properties, globals, "Runtime"), where + ".Runtime", intrinsics);
        Object codeUri = property(properties, globals, "CodeUri");
        int memory = integer(property(properties, globals, "MemorySize"), 128, where + ".MemorySize", intrinsics);
        int timeout = integer(property(properties, globals, "Timeout"), 3, where + ".Timeout", intrinsics);
        if (handler == null) {
            throw new TemplateException(where + ": no Handler");
        }
        // SAM merges Environment.Variables key by key, the function's winning over the globals'.
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> source : List.of(globals, properties)) {
            Map<String, Object> variables = mapping(mapping(source.get("Environment"), where + ".Environment")
                    .get("Variables"), where + ".Environment.Variables");
            for (Map.Entry<String, Object> variable : variables.entrySet()) {
                environment.put(variable.getKey(), intrinsics.resolveString(variable.getValue(),
                        where + ".Environment.Variables." + variable.getKey()));
            }
        }
        List<HttpRoute> routes = new ArrayList<>();
        Map<String, Object> events = mapping(properties.get("Events"), where + ".Events");
        for (Map.Entry<String, Object> event : events.entrySet()) {
            Map<String, Object> body = mapping(event.getValue(), where + ".Events." + event.getKey());
            if ("HttpApi".equals(body.get("Type"))) {
                routes.add(route(logicalId, where + ".Events." + event.getKey(),
                        mapping(body.get("Properties"), where + ".Events." + event.getKey()), globalApi, resources,
                        intrinsics));
            }
        }
        return new FunctionDefinition(logicalId, handler, runtime,
                codeUri instanceof String uri ? uri : null, memory, timeout, environment, routes);
    }

    private static HttpRoute route(String function, String where, Map<String, Object> properties,
            Map<String, Object> globalApi, Map<String, Object> resources, Intrinsics intrinsics) {
        // Without Path and Method, an HttpApi event is the API's catch-all $default route.
        String path = properties.containsKey("Path")
                ? intrinsics.resolveString(properties.get("Path"), where + ".Path") : "$default";
        String method = properties.containsKey("Method")
                ? intrinsics.resolveString(properties.get("Method"), where + ".Method").toUpperCase(Locale.ROOT)
                : "ANY";
        if (method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) {
            method = "ANY";
        }
        Map<String, Object> apiAuth = apiAuth(properties.get("ApiId"), where, globalApi, resources);
        Map<String, Object> routeAuth = mapping(properties.get("Auth"), where + ".Auth");
        Object named = routeAuth.get("Authorizer");
        String authorizerName = named != null ? String.valueOf(named)
                : apiAuth.get("DefaultAuthorizer") instanceof String name ? name : null;
        Optional<JwtAuthorizerDefinition> authorizer = Optional.empty();
        if (authorizerName != null && !authorizerName.equals("NONE")) {
            Map<String, Object> authorizers = mapping(apiAuth.get("Authorizers"), where + " API Auth.Authorizers");
            Map<String, Object> definition = mapping(authorizers.get(authorizerName), where + " authorizer");
            if (definition.isEmpty()) {
                throw new TemplateException(where + ": authorizer " + authorizerName + " is not defined on its API");
            }
            if (!definition.containsKey("JwtConfiguration")) {
                throw new TemplateException(where + ": authorizer " + authorizerName
                        + " is not a JWT authorizer; the local stack supports JWT authorizers only");
            }
            Object source = definition.getOrDefault("IdentitySource", "$request.header.Authorization");
            authorizer = Optional.of(new JwtAuthorizerDefinition(authorizerName, String.valueOf(source)));
        }
        List<String> scopes = new ArrayList<>();
        if (routeAuth.get("AuthorizationScopes") instanceof List<?> list) {
            list.forEach(scope -> scopes.add(String.valueOf(scope)));
        }
        return new HttpRoute(method, path, function, authorizer, scopes);
    }

    private static Map<String, Object> apiAuth(Object apiId, String where, Map<String, Object> globalApi,
            Map<String, Object> resources) {
        if (apiId == null) {
            // The implicit API SAM creates takes its settings from Globals.HttpApi.
            return mapping(globalApi.get("Auth"), "Globals.HttpApi.Auth");
        }
        String id = apiId instanceof Map<?, ?> ref && ref.get("Ref") != null ? String.valueOf(ref.get("Ref"))
                : String.valueOf(apiId);
        Map<String, Object> api = mapping(resources.get(id), where + ".ApiId");
        if (!HTTP_API.equals(api.get("Type"))) {
            throw new TemplateException(where + ": ApiId " + id + " is not an " + HTTP_API);
        }
        Map<String, Object> auth = new LinkedHashMap<>(mapping(globalApi.get("Auth"), "Globals.HttpApi.Auth"));
        auth.putAll(mapping(mapping(api.get("Properties"), id).get("Auth"), id + ".Auth"));
        return auth;
    }

    private static Intrinsics intrinsics(Map<String, Object> template, Map<String, Object> resources,
            LocalValues values) {
        Map<String, String> references = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        references.put("AWS::Region", values.region());
        references.put("AWS::AccountId", values.accountId());
        references.put("AWS::StackName", values.stackName());
        references.put("AWS::Partition", "aws");
        references.put("AWS::URLSuffix", "amazonaws.com");
        Map<String, Object> parameters = mapping(template.get("Parameters"), "Parameters");
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            Object value = values.parameterOverrides().containsKey(parameter.getKey())
                    ? values.parameterOverrides().get(parameter.getKey())
                    : mapping(parameter.getValue(), "Parameters." + parameter.getKey()).get("Default");
            if (value != null) {
                references.put(parameter.getKey(), String.valueOf(value));
            }
        }
        String clusterId = values.clusterArn().substring(values.clusterArn().lastIndexOf(':') + 1);
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            String id = resource.getKey();
            Map<String, Object> body = mapping(resource.getValue(), id);
            Map<String, Object> properties = mapping(body.get("Properties"), id);
            switch (String.valueOf(body.get("Type"))) {
                case "AWS::S3::Bucket" -> {
                    String bucket = properties.get("BucketName") instanceof String name ? name : values.bucket();
                    references.put(id, bucket);
                    attributes.put(id + ".Arn", "arn:aws:s3:::" + bucket);
                    attributes.put(id + ".DomainName", bucket + ".s3.amazonaws.com");
                    attributes.put(id + ".RegionalDomainName", bucket + ".s3." + values.region() + ".amazonaws.com");
                }
                case "AWS::SecretsManager::Secret" -> references.put(id, values.secretArn());
                case "AWS::RDS::DBCluster" -> {
                    references.put(id, clusterId);
                    attributes.put(id + ".DBClusterArn", values.clusterArn());
                }
                case FUNCTION -> {
                    references.put(id, id);
                    attributes.put(id + ".Arn", "arn:aws:lambda:" + values.region() + ":" + values.accountId()
                            + ":function:" + id);
                }
                default -> {
                    // Nothing local stands for it; a reference to it is reported where it is made.
                }
            }
        }
        return new Intrinsics(references, attributes, mapping(template.get("Conditions"), "Conditions"));
    }

    private static Object property(Map<String, Object> properties, Map<String, Object> globals, String name) {
        return properties.containsKey(name) ? properties.get(name) : globals.get(name);
    }

    private static String string(Object value, String where, Intrinsics intrinsics) {
        return value == null ? null : intrinsics.resolveString(value, where);
    }

    private static int integer(Object value, int fallback, String where, Intrinsics intrinsics) {
        if (value == null) {
            return fallback;
        }
        String text = intrinsics.resolveString(value, where);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ": expected a whole number, found " + text);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TemplateException(where + ": expected a mapping");
    }
}
