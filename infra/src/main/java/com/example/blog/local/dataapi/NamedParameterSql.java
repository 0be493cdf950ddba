package com.example.blog.local.dataapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Data API statement rewritten for JDBC: each {@code :name} that names a given parameter becomes {@code ?} (a name
 * is letters, digits and underscores, and may start with a digit, as in {@code :1}), in
 * PostgreSQL's lexical terms, so casts ({@code ::uuid}), string and dollar-quoted literals, quoted identifiers and
 * comments are left alone. A literal {@code ?} outside those (the jsonb {@code ?} operators) is doubled, because
 * the PostgreSQL JDBC driver would otherwise take it for a placeholder.
 *
 * @param jdbcSql            the statement with {@code ?} placeholders
 * @param parameterOrder     the parameter name bound to each placeholder, in order (a name may repeat)
 * @param multipleStatements whether the text holds more than one statement
 */
record NamedParameterSql(String jdbcSql, List<String> parameterOrder, boolean multipleStatements) {

    static NamedParameterSql parse(String sql, Set<String> parameterNames) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        List<String> order = new ArrayList<>();
        boolean statementEnded = false;
        boolean multiple = false;
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            int end = skipCommentOrLiteral(sql, i);
            if (end > i) {
                boolean comment = c == '-' || c == '/';
                multiple |= statementEnded && !comment;
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (Character.isWhitespace(c)) {
                out.append(c);
                i++;
                continue;
            }
            multiple |= statementEnded && c != ';';
            if (c == ';') {
                statementEnded = true;
                out.append(c);
                i++;
            } else if (c == ':' && i + 1 < length && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < length && isNamePart(sql.charAt(i + 1))) {
                // Names may start with a digit (:0, :1): the service binds them, and ORMs for the Data API emit them.
                int nameEnd = i + 1;
                while (nameEnd < length && isNamePart(sql.charAt(nameEnd))) {
                    nameEnd++;
                }
                String name = sql.substring(i + 1, nameEnd);
                if (parameterNames.contains(name)) {
                    order.add(name);
                    out.append('?');
                } else {
                    out.append(sql, i, nameEnd);
                }
                i = nameEnd;
            } else if (c == '?') {
                out.append("??");
                i++;
            } else if (isIdentifierPart(c)) {
                // Whole words, so that a '$' inside an identifier (a$b) is never read as a dollar quote.
                int wordEnd = i + 1;
                while (wordEnd < length && isIdentifierPart(sql.charAt(wordEnd))) {
                    wordEnd++;
                }
                out.append(sql, i, wordEnd);
                i = wordEnd;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedParameterSql(out.toString(), List.copyOf(order), multiple);
    }

    /** Returns where the comment or literal starting at {@code i} ends, or {@code i} when none starts there. */
    private static int skipCommentOrLiteral(String sql, int i) {
        int length = sql.length();
        char c = sql.charAt(i);
        if (c == '\'') {
            return skipQuoted(sql, i, '\'', isEscapePrefix(sql, i - 1));
        }
        if (c == '"') {
            return skipQuoted(sql, i, '"', false);
        }
        if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? length : newline + 1;
        }
        if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
            return skipBlockComment(sql, i);
        }
        if (c == '$') {
            return skipDollarQuoted(sql, i);
        }
        return i;
    }

    /** Whether the character at {@code i} is the {@code E} of an escape string ({@code E'...'}). */
    private static boolean isEscapePrefix(String sql, int i) {
        return i >= 0 && (sql.charAt(i) == 'E' || sql.charAt(i) == 'e')
                && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)));
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < length && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return length;
    }

    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        int length = sql.length();
        while (i < length) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return length;
    }

    /** Returns the end of a {@code $tag$...$tag$} literal starting at {@code start}, or {@code start} if none. */
    private static int skipDollarQuoted(String sql, int start) {
        int i = start + 1;
        int length = sql.length();
        if (i < length && sql.charAt(i) != '$') {
            if (!isIdentifierStart(sql.charAt(i))) {
                return start;
            }
            while (i < length && isNamePart(sql.charAt(i))) {
                i++;
            }
            if (i >= length || sql.charAt(i) != '$') {
                return start;
            }
        }
        if (i >= length) {
            return start;
        }
        String tag = sql.substring(start, i + 1);
        int close = sql.indexOf(tag, i + 1);
        return close < 0 ? length : close + tag.length();
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isNamePart(c) || c == '$';
    }
}
