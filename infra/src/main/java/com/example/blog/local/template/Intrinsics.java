package com.example.blog.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions that make sense for values a function or the HTTP API receives ({@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, and {@code Fn::If}
 * over the template's conditions with {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or},
 * {@code Condition}) against known values; {@code Ref AWS::NoValue} resolves to null. Anything else, or a reference to
 * something without a local value, is an error naming the function and where it was met.
 */
final class Intrinsics {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> references;
    private final Map<String, String> attributes;
    private final Map<String, Object> conditions;

    /**
     * @param references what {@code Ref} gives, by logical id or pseudo parameter
     * @param attributes what {@code Fn::GetAtt} gives, by {@code LogicalId.Attribute}
     * @param conditions the template's {@code Conditions}, unevaluated
     */
    Intrinsics(Map<String, String> references, Map<String, String> attributes, Map<String, Object> conditions) {
        this.references = references;
        this.attributes = attributes;
        this.conditions = conditions;
    }

    /** A value with every intrinsic function in it resolved: strings, lists, booleans, or null for NoValue. */
    Object resolveValue(Object value, String where) {
        return resolve(value, where);
    }

    /** The string a value resolves to; {@code where} names the place for error messages. */
    String resolveString(Object value, String where) {
        Object resolved = resolve(value, where);
        if (resolved instanceof String || resolved instanceof Number || resolved instanceof Boolean) {
            return String.valueOf(resolved);
        }
        throw new TemplateException(where + ": expected a string, found " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private Object resolve(Object value, String where) {
        if (value instanceof Map<?, ?> map && map.size() > 1) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                resolved.put(entry.getKey(), resolve(entry.getValue(), where + "." + entry.getKey()));
            }
            return resolved;
        }
        if (value instanceof Map<?, ?> map && map.size() == 1
                && !String.valueOf(map.keySet().iterator().next()).startsWith("Fn::")
                && !map.containsKey("Ref") && !map.containsKey("Condition")) {
            Map.Entry<String, Object> entry = ((Map<String, Object>) map).entrySet().iterator().next();
            Map<String, Object> resolved = new LinkedHashMap<>();
            resolved.put(entry.getKey(), resolve(entry.getValue(), where + "." + entry.getKey()));
            return resolved;
        }
        if (!(value instanceof Map<?, ?> map)) {
            if (value instanceof List<?> list) {
                List<Object> resolved = new ArrayList<>();
                for (Object item : list) {
                    resolved.add(resolve(item, where));
                }
                return resolved;
            }
            return value;
        }
        if (map.size() != 1) {
            throw new TemplateException(where + ": expected a value or an intrinsic function, found a mapping");
        }
        Map.Entry<String, Object> entry = ((Map<String, Object>) map).entrySet().iterator().next();
        Object argument = entry.getValue();
        return switch (entry.getKey()) {
            case "Ref" -> "AWS::NoValue".equals(argument) ? null : reference(String.valueOf(argument), where);
            case "Fn::If" -> choose(argument, where);
            case "Fn::Split" -> split(argument, where);
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" -> condition(entry.getKey(), argument,
                    where);
            case "Fn::GetAtt" -> attribute(argument, where);
            case "Fn::Sub" -> substitute(argument, where);
            case "Fn::Join" -> join(argument, where);
            case "Fn::Select" -> select(argument, where);
            default -> throw new TemplateException(where + ": " + entry.getKey()
                    + " is not supported by the local stack; give the value literally or through a parameter");
        };
    }

    private String reference(String name, String where) {
        String value = references.get(name);
        if (value == null) {
            throw new TemplateException(where + ": Ref " + name + " has no local value (the local stack knows "
                    + String.join(", ", references.keySet().stream().sorted().toList()) + ")");
        }
        return value;
    }

    private String attribute(Object argument, String where) {
        String key;
        if (argument instanceof List<?> parts && parts.size() == 2) {
            key = parts.get(0) + "." + resolveString(parts.get(1), where);
        } else {
            key = String.valueOf(argument);
        }
        String value = attributes.get(key);
        if (value == null) {
            throw new TemplateException(where + ": Fn::GetAtt " + key + " has no local value (the local stack knows "
                    + String.join(", ", attributes.keySet().stream().sorted().toList()) + ")");
        }
        return value;
    }

    private String substitute(Object argument, String where) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof String string) {
            text = string;
        } else if (argument instanceof List<?> parts && parts.size() == 2 && parts.get(0) instanceof String string
                && parts.get(1) instanceof Map<?, ?> map) {
            text = string;
            variables = map;
        } else {
            throw new TemplateException(where + ": Fn::Sub takes a string or [string, {variables}]");
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = resolveString(variables.get(name), where);
            } else if (name.contains(".")) {
                replacement = attribute(name, where);
            } else {
                replacement = reference(name, where);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String join(Object argument, String where) {
        if (!(argument instanceof List<?> parts) || parts.size() != 2 || !(parts.get(1) instanceof List<?> items)) {
            throw new TemplateException(where + ": Fn::Join takes [delimiter, [values]]");
        }
        List<String> values = new ArrayList<>();
        for (Object item : items) {
            values.add(resolveString(item, where));
        }
        return String.join(String.valueOf(parts.get(0)), values);
    }

    private Object select(Object argument, String where) {
        if (!(argument instanceof List<?> parts) || parts.size() != 2) {
            throw new TemplateException(where + ": Fn::Select takes [index, [values]]");
        }
        int index = Integer.parseInt(resolveString(parts.get(0), where));
        if (!(resolve(parts.get(1), where) instanceof List<?> items) || index < 0 || index >= items.size()) {
            throw new TemplateException(where + ": Fn::Select index " + index + " is out of range");
        }
        return items.get(index);
    }

    private Object choose(Object argument, String where) {
        if (!(argument instanceof List<?> parts) || parts.size() != 3) {
            throw new TemplateException(where + ": Fn::If takes [condition, value if true, value if false]");
        }
        return resolve(named(String.valueOf(parts.get(0)), where) ? parts.get(1) : parts.get(2), where);
    }

    private boolean named(String name, String where) {
        if (!conditions.containsKey(name)) {
            throw new TemplateException(where + ": no condition " + name + " in Conditions");
        }
        return truth(resolve(conditions.get(name), "Conditions." + name), where);
    }

    private boolean condition(String function, Object argument, String where) {
        List<?> parts = argument instanceof List<?> list ? list : List.of(argument);
        return switch (function) {
            case "Condition" -> named(String.valueOf(argument), where);
            case "Fn::Equals" -> {
                if (parts.size() != 2) {
                    throw new TemplateException(where + ": Fn::Equals takes [value, value]");
                }
                yield resolveString(parts.get(0), where).equals(resolveString(parts.get(1), where));
            }
            case "Fn::Not" -> !truth(resolve(parts.get(0), where), where);
            case "Fn::And" -> parts.stream().allMatch(part -> truth(resolve(part, where), where));
            default -> parts.stream().anyMatch(part -> truth(resolve(part, where), where));
        };
    }

    private static boolean truth(Object value, String where) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new TemplateException(where + ": expected a condition, found " + describe(value));
    }

    private List<String> split(Object argument, String where) {
        if (!(argument instanceof List<?> parts) || parts.size() != 2) {
            throw new TemplateException(where + ": Fn::Split takes [delimiter, string]");
        }
        String delimiter = String.valueOf(parts.get(0));
        String text = resolveString(parts.get(1), where);
        return List.of(text.split(Pattern.quote(delimiter), -1));
    }

    private static String describe(Object value) {
        return value instanceof List<?> ? "a list" : value instanceof Map<?, ?> ? "a mapping" : String.valueOf(value);
    }
}
