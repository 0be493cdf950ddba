package com.example.blog.local.dataapi;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.postgresql.util.PGobject;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code parameters} of a call ({@code SqlParameter}s: a name, a {@code Field} value and an optional
 * {@code typeHint}), checked up front and turned into JDBC bindings. Values are sent the way the Data API sends
 * them: strings as {@code varchar} unless a type hint names the type, numbers as {@code int8}/{@code float8}.
 */
final class Parameters {

    /** Binds one value to one placeholder. */
    @FunctionalInterface
    interface Binding {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");

    private Parameters() {
    }

    /** Parses a {@code SqlParametersList}; a later parameter with the same name replaces an earlier one. */
    static Map<String, Binding> parse(JsonNode parameters) {
        Map<String, Binding> bindings = new LinkedHashMap<>();
        if (parameters == null || parameters.isNull()) {
            return bindings;
        }
        if (!parameters.isArray()) {
            throw DataApiException.badRequest("parameters must be a list of SqlParameter");
        }
        for (JsonNode parameter : parameters) {
            if (!parameter.isObject()) {
                throw DataApiException.badRequest("Each parameter must be a SqlParameter object");
            }
            JsonNode nameNode = parameter.get("name");
            if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isEmpty()) {
                throw DataApiException.badRequest("Parameter name must not be empty");
            }
            String name = nameNode.asText();
            JsonNode typeHint = parameter.get("typeHint");
            String hint = typeHint == null || typeHint.isNull() ? null : typeHint.asText();
            bindings.put(name, binding(name, parameter.get("value"), hint));
        }
        return bindings;
    }

    private static Binding binding(String name, JsonNode field, String hint) {
        if (hint != null && !hint.matches("JSON|UUID|TIMESTAMP|DATE|TIME|DECIMAL")) {
            throw DataApiException.badRequest("Invalid type hint '" + hint + "' for parameter \"" + name
                    + "\". Valid values are: JSON, UUID, TIMESTAMP, DATE, TIME, DECIMAL");
        }
        if (field == null || field.isNull() || !field.isObject() || field.isEmpty()) {
            throw DataApiException.badRequest("Parameter \"" + name + "\" has value with no field set");
        }
        if (field.size() > 1) {
            throw DataApiException.badRequest("Parameter \"" + name + "\" has value with more than one field set");
        }
        Iterator<Map.Entry<String, JsonNode>> members = field.fields();
        Map.Entry<String, JsonNode> member = members.next();
        JsonNode value = member.getValue();
        switch (member.getKey()) {
            case "isNull":
                requireType(name, value.isBoolean(), "isNull", "a boolean");
                if (!value.asBoolean()) {
                    throw DataApiException.badRequest("Parameter \"" + name + "\" has value with no field set");
                }
                return (statement, index) -> statement.setNull(index, Types.NULL);
            case "booleanValue":
                requireType(name, value.isBoolean(), "booleanValue", "a boolean");
                boolean bool = value.asBoolean();
                return (statement, index) -> statement.setBoolean(index, bool);
            case "longValue":
                requireType(name, value.isIntegralNumber() && value.canConvertToLong(), "longValue", "a long");
                long number = value.asLong();
                return (statement, index) -> statement.setLong(index, number);
            case "doubleValue":
                requireType(name, value.isNumber() || isSpecialDouble(value), "doubleValue", "a double");
                double real = value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
                return (statement, index) -> statement.setDouble(index, real);
            case "stringValue":
                requireType(name, value.isTextual(), "stringValue", "a string");
                return stringBinding(name, value.asText(), hint);
            case "blobValue":
                requireType(name, value.isTextual(), "blobValue", "a base64 string");
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(value.asText());
                } catch (IllegalArgumentException e) {
                    throw DataApiException.badRequest("Parameter \"" + name + "\" has a blobValue that is not base64");
                }
                return (statement, index) -> statement.setBytes(index, bytes);
            case "arrayValue":
                throw DataApiException.badRequest("Array parameters are not supported.");
            default:
                throw DataApiException.badRequest("Parameter \"" + name + "\" has value with unknown field "
                        + member.getKey());
        }
    }

    private static Binding stringBinding(String name, String text, String hint) {
        if (hint == null) {
            return (statement, index) -> statement.setString(index, text);
        }
        String type;
        switch (hint) {
            case "DATE" -> {
                requireFormat(name, hint, text, DATE, "YYYY-MM-DD");
                type = "date";
            }
            case "TIME" -> {
                requireFormat(name, hint, text, TIME, "HH:MM:SS[.FFF]");
                type = "time";
            }
            case "TIMESTAMP" -> {
                requireFormat(name, hint, text, TIMESTAMP, "YYYY-MM-DD HH:MM:SS[.FFF]");
                type = "timestamp";
            }
            case "DECIMAL" -> type = "numeric";
            case "UUID" -> type = "uuid";
            default -> type = "json";
        }
        return (statement, index) -> {
            PGobject object = new PGobject();
            object.setType(type);
            object.setValue(text);
            statement.setObject(index, object);
        };
    }

    private static void requireFormat(String name, String hint, String text, Pattern format, String expected) {
        if (!format.matcher(text).matches()) {
            throw DataApiException.badRequest("Parameter \"" + name + "\" with type hint " + hint + " must be "
                    + expected + ", got '" + text + "'");
        }
    }

    private static void requireType(String name, boolean ok, String member, String expected) {
        if (!ok) {
            throw DataApiException.badRequest(
                    "Parameter \"" + name + "\" has a " + member + " that is not " + expected);
        }
    }

    private static boolean isSpecialDouble(JsonNode value) {
        return value.isTextual() && value.asText().matches("NaN|-?Infinity");
    }
}
