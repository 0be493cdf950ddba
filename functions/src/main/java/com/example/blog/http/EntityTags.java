package com.example.blog.http;

import java.util.HashSet;
import java.util.Set;

import com.example.blog.service.IfMatch;

/**
 * Entity tags are the post's version as a strong tag, {@code "3"}. Strong, because If-Match compares strongly
 * (RFC 9110 section 13.1.1): the version changes with every write of the stored post. The presigned image URL in a
 * representation may differ between two GETs of the same version; it is a link, not the post's state.
 */
public final class EntityTags {

    private EntityTags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Parses an If-Match header; null when absent. Weak or non-numeric tags are kept as never-matching. */
    public static IfMatch parseIfMatch(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.equals("*")) {
            return IfMatch.ANY;
        }
        Set<Long> versions = new HashSet<>();
        int tags = 0;
        int position = 0;
        boolean expectTag = true;
        while (position < value.length()) {
            char c = value.charAt(position);
            if (c == ' ' || c == '\t') {
                position++;
            } else if (c == ',') {
                expectTag = true;
                position++;
            } else if (expectTag) {
                boolean weak = value.startsWith("W/", position);
                int open = weak ? position + 2 : position;
                if (open >= value.length() || value.charAt(open) != '"') {
                    throw malformed();
                }
                int close = value.indexOf('"', open + 1);
                if (close < 0) {
                    throw malformed();
                }
                String opaque = value.substring(open + 1, close);
                if (!weak && opaque.matches("[0-9]{1,18}")) {
                    versions.add(Long.parseLong(opaque));
                }
                position = close + 1;
                expectTag = false;
                tags++;
            } else {
                throw malformed();
            }
        }
        if (tags == 0) {
            throw malformed();
        }
        return new IfMatch(false, versions);
    }

    private static ProblemException malformed() {
        return ProblemException.invalidField("If-Match", "must be * or a list of entity tags such as \"3\"");
    }
}
