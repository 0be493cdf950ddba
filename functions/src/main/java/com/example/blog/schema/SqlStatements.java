package com.example.blog.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL script into single statements, because a Data API {@code ExecuteStatement} call runs one
 * statement. A semicolon ends a statement only outside string literals ({@code '...'}, {@code E'...'}), quoted
 * identifiers, dollar-quoted bodies ({@code $$...$$}, {@code $tag$...$tag$}) and comments ({@code --}, nested
 * {@code /* ... *}{@code /}). Statements consisting only of comments are dropped.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    /**
     * @throws IllegalArgumentException when a literal, identifier, dollar quote or comment is never closed, since
     *                                  running the rest of such a script would execute the wrong text
     */
    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        int length = script.length();
        int start = -1; // first character of code in the current statement, -1 while only whitespace/comments seen
        int i = 0;
        while (i < length) {
            char c = script.charAt(i);
            char next = i + 1 < length ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (c == '/' && next == '*') {
                i = skipBlockComment(script, i);
            } else if (c == ';') {
                if (start >= 0) {
                    statements.add(script.substring(start, i).strip());
                }
                start = -1;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                if (start < 0) {
                    start = i;
                }
                if (c == '\'') {
                    i = skipQuoted(script, i, '\'', escapeStringPrefix(script, i));
                } else if (c == '"') {
                    i = skipQuoted(script, i, '"', false);
                } else if (c == '$') {
                    i = skipDollarQuoted(script, i);
                } else {
                    i++;
                }
            }
        }
        if (start >= 0) {
            statements.add(script.substring(start).strip());
        }
        return statements;
    }

    private static int skipBlockComment(String script, int open) {
        int depth = 0;
        int i = open;
        while (i < script.length()) {
            if (script.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (script.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw unterminated("block comment", script, open);
    }

    /** E'...' strings treat a backslash as an escape; ordinary strings (standard_conforming_strings) do not. */
    private static boolean escapeStringPrefix(String script, int quote) {
        if (quote == 0 || Character.toUpperCase(script.charAt(quote - 1)) != 'E') {
            return false;
        }
        return quote == 1 || !isIdentifierPart(script.charAt(quote - 2));
    }

    private static int skipQuoted(String script, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                // A doubled quote is an escaped quote, not the end.
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw unterminated(quote == '\'' ? "string literal" : "quoted identifier", script, open);
    }

    /** {@code $tag$} opens a dollar quote; {@code $1} is a positional parameter and {@code a$b} part of a name. */
    private static int skipDollarQuoted(String script, int dollar) {
        if (dollar > 0 && isIdentifierPart(script.charAt(dollar - 1))) {
            return dollar + 1;
        }
        int i = dollar + 1;
        if (i < script.length() && Character.isDigit(script.charAt(i))) {
            return i;
        }
        while (i < script.length() && isIdentifierPart(script.charAt(i))) {
            i++;
        }
        if (i >= script.length() || script.charAt(i) != '$') {
            return dollar + 1;
        }
        String tag = script.substring(dollar, i + 1);
        int close = script.indexOf(tag, i + 1);
        if (close < 0) {
            throw unterminated("dollar-quoted string " + tag, script, dollar);
        }
        return close + tag.length();
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static IllegalArgumentException unterminated(String what, String script, int offset) {
        long line = script.substring(0, offset).chars().filter(ch -> ch == '\n').count() + 1;
        return new IllegalArgumentException("Unterminated " + what + " starting on line " + line);
    }
}
