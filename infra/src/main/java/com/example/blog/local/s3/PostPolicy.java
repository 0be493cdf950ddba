package com.example.blog.local.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The policy document of a browser-form POST upload: when it expires and the conditions the form must meet. Field
 * names are compared without regard to case, values exactly, as S3 compares them.
 */
final class PostPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Form fields a policy need not name: the signature, the policy itself, the file and {@code x-ignore-*}. */
    private static final Set<String> EXEMPT_FIELDS = Set.of("x-amz-signature", "policy", "file");

    private final Instant expiration;
    private final List<Match> matches;
    private final List<long[]> lengthRanges;

    /** An {@code eq} or {@code starts-with} condition on one field, named in lower case. */
    private record Match(String field, String written, String value, boolean prefix) {

        String describe() {
            return "[\"" + (prefix ? "starts-with" : "eq") + "\", \"$" + written + "\", \"" + value + "\"]";
        }
    }

    private PostPolicy(Instant expiration, List<Match> matches, List<long[]> lengthRanges) {
        this.expiration = expiration;
        this.matches = matches;
        this.lengthRanges = lengthRanges;
    }

    /** Reads the policy as the form carries it, base64 of a JSON document. */
    static PostPolicy parse(String base64) {
        JsonNode document;
        try {
            document = JSON.readTree(Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException | IOException e) {
            throw invalid("Invalid JSON.");
        }
        if (document == null || !document.isObject()) {
            throw invalid("Invalid JSON.");
        }
        JsonNode expirationNode = document.get("expiration");
        if (expirationNode == null) {
            throw invalid("Policy missing expiration.");
        }
        Instant expiration;
        try {
            expiration = Instant.parse(expirationNode.asText());
        } catch (DateTimeParseException e) {
            throw invalid("Invalid 'expiration' value: '" + expirationNode.asText() + "'");
        }
        JsonNode conditions = document.get("conditions");
        if (conditions == null || !conditions.isArray()) {
            throw invalid("Policy missing conditions.");
        }
        List<Match> matches = new ArrayList<>();
        List<long[]> lengthRanges = new ArrayList<>();
        for (JsonNode condition : conditions) {
            if (condition.isObject() && condition.size() == 1) {
                Map.Entry<String, JsonNode> only = condition.fields().next();
                if (!only.getValue().isTextual()) {
                    throw invalid("Invalid Simple-Condition: value must be a string.");
                }
                matches.add(new Match(only.getKey().toLowerCase(Locale.ROOT), only.getKey(),
                        only.getValue().asText(), false));
            } else if (condition.isArray() && condition.size() == 3 && condition.get(0).isTextual()) {
                String operator = condition.get(0).asText().toLowerCase(Locale.ROOT);
                if (operator.equals("content-length-range")) {
                    lengthRanges.add(new long[] {number(condition.get(1)), number(condition.get(2))});
                } else if ((operator.equals("eq") || operator.equals("starts-with"))
                        && condition.get(1).isTextual() && condition.get(1).asText().startsWith("$")
                        && condition.get(2).isTextual()) {
                    String written = condition.get(1).asText().substring(1);
                    matches.add(new Match(written.toLowerCase(Locale.ROOT), written, condition.get(2).asText(),
                            operator.equals("starts-with")));
                } else {
                    throw invalid("Invalid Condition: " + condition);
                }
            } else {
                throw invalid("Invalid Condition: " + condition);
            }
        }
        return new PostPolicy(expiration, matches, lengthRanges);
    }

    /**
     * Checks the form against the policy, in S3's order of complaints: expired, a condition not met, a field the
     * policy does not name, then the size of the file.
     *
     * @param fields the form's fields before the file, by lower-case name
     */
    void check(Map<String, String> fields, String bucket, long fileLength, Instant now) {
        if (now.isAfter(expiration)) {
            throw refused("Policy expired.");
        }
        Set<String> named = new HashSet<>();
        for (Match match : matches) {
            named.add(match.field());
            String actual = match.field().equals("bucket") ? bucket : fields.get(match.field());
            if (actual == null || !matches(match, actual)) {
                throw refused("Policy Condition failed: " + match.describe());
            }
        }
        List<String> extra = new ArrayList<>();
        for (String field : fields.keySet()) {
            if (!named.contains(field) && !EXEMPT_FIELDS.contains(field) && !field.startsWith("x-ignore-")) {
                extra.add(field);
            }
        }
        if (!extra.isEmpty()) {
            throw refused("Extra input fields: " + String.join(", ", extra));
        }
        for (long[] range : lengthRanges) {
            if (fileLength > range[1]) {
                throw S3Error.badRequest("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            }
            if (fileLength < range[0]) {
                throw S3Error.badRequest("EntityTooSmall",
                        "Your proposed upload is smaller than the minimum allowed size");
            }
        }
    }

    private static boolean matches(Match match, String actual) {
        if (!match.prefix()) {
            return actual.equals(match.value());
        }
        if (!match.field().equals("content-type")) {
            return actual.startsWith(match.value());
        }
        // A Content-Type field may list several types; each must start with the prefix.
        for (String type : actual.split(",", -1)) {
            if (!type.strip().startsWith(match.value())) {
                return false;
            }
        }
        return true;
    }

    private static long number(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().strip());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw invalid("Invalid content-length-range: " + node);
    }

    private static S3Error invalid(String reason) {
        return S3Error.badRequest("InvalidPolicyDocument", "Invalid Policy: " + reason);
    }

    private static S3Error refused(String reason) {
        return new S3Error(403, "AccessDenied", "Invalid according to Policy: " + reason);
    }
}
