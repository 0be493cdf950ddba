package com.example.blog.local.dataapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.example.blog.sql.SqlLexer;

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
public record NamedParameterSql(String jdbcSql, List<String> parameterOrder, boolean multipleStatements) {

    public static NamedParameterSql parse(String sql, Set<String> parameterNames) {
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
                boolean comment = SqlLexer.isCommentStart(sql, i);
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
            } else if (c == ':' && i + 1 < length && SqlLexer.isNamePart(sql.charAt(i + 1))) {
                // Names may start with a digit (:0, :1): the service binds them, and ORMs for the Data API emit them.
                int nameEnd = i + 1;
                while (nameEnd < length && SqlLexer.isNamePart(sql.charAt(nameEnd))) {
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
            } else if (SqlLexer.isIdentifierPart(c)) {
                // Whole words, so that a '$' inside an identifier (a$b) is never read as a dollar quote.
                int wordEnd = i + 1;
                while (wordEnd < length && SqlLexer.isIdentifierPart(sql.charAt(wordEnd))) {
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

    /**
     * Where the comment or literal at {@code i} ends, or {@code i} when none starts there. One never closed runs to
     * the end: PostgreSQL reports it, as it does behind the real Data API.
     */
    private static int skipCommentOrLiteral(String sql, int i) {
        try {
            return SqlLexer.skip(sql, i);
        } catch (SqlLexer.UnterminatedException e) {
            return sql.length();
        }
    }
}
