package com.example.blog.local.dataapi;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Data API checks before it runs anything, with its own messages: the members of a request (presence,
 * type, length, enum values), the cluster and secret ARNs and the database, and that the SQL is one statement.
 */
final class RequestValidation {

    static final int MAX_SQL_LENGTH = 65_536;

    private final DataApiSettings settings;

    RequestValidation(DataApiSettings settings) {
        this.settings = settings;
    }

    NamedParameterSql parseSql(String sql, Set<String> names) {
        NamedParameterSql statement = NamedParameterSql.parse(sql, names);
        if (statement.multipleStatements()) {
            throw DataApiException.databaseError(
                    "ERROR: cannot insert multiple commands into a prepared statement; SQLState: 42601");
        }
        return statement;
    }

    void checkTarget(JsonNode request) {
        checkArns(request);
        optionalText(request, "database", 64);
        String schema = optionalText(request, "schema", 64);
        if (schema != null && !schema.isEmpty()) {
            throw DataApiException.badRequest("The schema parameter isn't supported by the Data API for Aurora"
                    + " PostgreSQL. Set the search_path in the statement instead.");
        }
    }

    void checkDatabase(JsonNode request) {
        String database = optionalText(request, "database", 64);
        if (database != null && !database.isEmpty() && !database.equals(settings.database())) {
            throw DataApiException.databaseError("FATAL: database \"" + database + "\" does not exist"
                    + "; SQLState: 3D000");
        }
    }

    void checkArns(JsonNode request) {
        String resourceArn = requiredText(request, "resourceArn", 100);
        String secretArn = requiredText(request, "secretArn", 100);
        minLength(resourceArn, "resourceArn", 11);
        minLength(secretArn, "secretArn", 11);
        if (!resourceArn.equals(settings.clusterArn())) {
            if (!resourceArn.matches("arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:cluster:[A-Za-z0-9-]+")) {
                throw DataApiException.badRequest("Invalid resource ARN: " + resourceArn
                        + ". Specify the ARN of an Aurora DB cluster.");
            }
            String cluster = resourceArn.substring(resourceArn.lastIndexOf(':') + 1);
            throw DataApiException.httpEndpointNotEnabled("HttpEndpoint is not enabled for cluster " + cluster
                    + ". Please refer to https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/"
                    + "data-api.troubleshooting.html#data-api.troubleshooting.http-endpoint-not-enabled");
        }
        if (!secretArn.equals(settings.secretArn())) {
            throw DataApiException.secretsError("Error fetching secret " + secretArn
                    + " : Secrets Manager can't find the specified secret.");
        }
    }

    static String requiredSql(JsonNode request) {
        return requiredText(request, "sql", MAX_SQL_LENGTH);
    }

    static String requiredText(JsonNode request, String member, int maxLength) {
        String value = optionalText(request, member, maxLength);
        if (value == null) {
            throw DataApiException.badRequest("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    static String optionalText(JsonNode request, String member, int maxLength) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw DataApiException.badRequest("Value at '" + member + "' must be a string");
        }
        String value = node.asText();
        if (value.length() > maxLength) {
            throw DataApiException.badRequest("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + maxLength);
        }
        return value;
    }

    static void minLength(String value, String member, int minLength) {
        if (value.length() < minLength) {
            throw DataApiException.badRequest("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + minLength);
        }
    }

    static boolean booleanMember(JsonNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw DataApiException.badRequest("Value at '" + member + "' must be a boolean");
        }
        return node.asBoolean();
    }

    static String enumMember(JsonNode request, String member, String... allowed) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return allowed[0];
        }
        String value = node.asText();
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw DataApiException.badRequest("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + String.join(", ", allowed));
    }
}
