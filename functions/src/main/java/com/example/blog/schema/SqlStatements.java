package com.example.blog.schema;

import java.util.ArrayList;
import java.util.List;

import com.example.blog.sql.SqlLexer;

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
            int end = SqlLexer.skip(script, i);
            if (end > i) {
                if (start < 0 && !SqlLexer.isCommentStart(script, i)) {
                    start = i;
                }
                i = end;
            } else if (c == ';') {
                if (start >= 0) {
                    statements.add(script.substring(start, i).strip());
                }
                start = -1;
                i++;
            } else {
                if (start < 0 && !Character.isWhitespace(c)) {
                    start = i;
                }
                i++;
            }
        }
        if (start >= 0) {
            statements.add(script.substring(start).strip());
        }
        return statements;
    }
}
