package com.example.blog.sql;

/**
 * The part of PostgreSQL's lexical structure that decides where SQL text is code: string literals ({@code '...'},
 * {@code E'...'} with backslash escapes), quoted identifiers, dollar-quoted bodies ({@code $$...$$},
 * {@code $tag$...$tag$}) and comments ({@code --}, nested {@code /* ... *}{@code /}). Splitting a script into
 * statements and finding named parameters both need exactly this, so both use this one lexer.
 */
public final class SqlLexer {

    private SqlLexer() {
    }

    /**
     * Where the literal, quoted identifier or comment that starts at {@code i} ends (the index after it), or
     * {@code i} when none starts there.
     *
     * @throws UnterminatedException when it starts there but is never closed
     */
    public static int skip(String sql, int i) {
        char c = sql.charAt(i);
        char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
        if (c == '-' && next == '-') {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? sql.length() : newline + 1;
        }
        if (c == '/' && next == '*') {
            return skipBlockComment(sql, i);
        }
        if (c == '\'') {
            return skipQuoted(sql, i, '\'', isEscapeStringPrefix(sql, i - 1));
        }
        if (c == '"') {
            return skipQuoted(sql, i, '"', false);
        }
        if (c == '$') {
            return skipDollarQuoted(sql, i);
        }
        return i;
    }

    /** Whether {@link #skip} at {@code i} starts a comment rather than a literal. */
    public static boolean isCommentStart(String sql, int i) {
        char c = sql.charAt(i);
        char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
        return (c == '-' && next == '-') || (c == '/' && next == '*');
    }

    public static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /** Letters, digits and underscores: what a parameter name or a dollar-quote tag is made of. */
    public static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** What an unquoted identifier may continue with: a name part or {@code $}. */
    public static boolean isIdentifierPart(char c) {
        return isNamePart(c) || c == '$';
    }

    /** Whether the character at {@code i} is the {@code E} of an escape string ({@code E'...'}), not a name's end. */
    private static boolean isEscapeStringPrefix(String sql, int i) {
        return i >= 0 && Character.toUpperCase(sql.charAt(i)) == 'E'
                && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)));
    }

    private static int skipBlockComment(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
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
        throw new UnterminatedException("block comment", sql, open);
    }

    private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                // A doubled quote is an escaped quote, not the end.
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new UnterminatedException(quote == '\'' ? "string literal" : "quoted identifier", sql, open);
    }

    /**
     * {@code $tag$} opens a dollar quote (the tag is a name that does not start with a digit); {@code $1} is a
     * positional parameter and {@code a$b} part of a name, neither of which starts anything.
     */
    private static int skipDollarQuoted(String sql, int dollar) {
        if (dollar > 0 && isIdentifierPart(sql.charAt(dollar - 1))) {
            return dollar;
        }
        int i = dollar + 1;
        if (i < sql.length() && sql.charAt(i) != '$') {
            if (!isIdentifierStart(sql.charAt(i))) {
                return dollar;
            }
            while (i < sql.length() && isNamePart(sql.charAt(i))) {
                i++;
            }
        }
        if (i >= sql.length() || sql.charAt(i) != '$') {
            return dollar;
        }
        String tag = sql.substring(dollar, i + 1);
        int close = sql.indexOf(tag, i + 1);
        if (close < 0) {
            throw new UnterminatedException("dollar-quoted string " + tag, sql, dollar);
        }
        return close + tag.length();
    }

    /** A literal, quoted identifier or comment that is never closed. */
    public static final class UnterminatedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnterminatedException(String what, String sql, int offset) {
            super("Unterminated " + what + " starting on line " + lineOf(sql, offset));
        }

        private static long lineOf(String sql, int offset) {
            return sql.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
        }
    }
}
