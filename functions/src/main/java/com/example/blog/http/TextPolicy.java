package com.example.blog.http;

import java.text.Normalizer;
import java.util.Optional;

/**
 * What a title or a post's content may contain, so that stored text displays as what it is. The same rules are
 * written out in docs/openapi.yaml (TextPolicy); keep the two together.
 *
 * <ul>
 *   <li>Text is normalised to NFC before it is checked and stored, so lengths and comparisons do not depend on how
 *       the client composed accented letters.</li>
 *   <li>No control characters: C0 (U+0000 to U+001F), DEL and C1 (U+0080 to U+009F), except that content may hold
 *       tab, line feed and carriage return. A title is one line: no tab, no line break, and no U+2028 or U+2029
 *       either.</li>
 *   <li>No explicit bidirectional embeddings, overrides or isolates (U+202A to U+202E, U+2066 to U+2069): they
 *       reorder what follows them, also outside the post when it is shown next to other text. The implicit marks
 *       (U+200E, U+200F, U+061C) stay allowed; right-to-left text needs them and they reorder nothing.</li>
 *   <li>No U+FFFD (where text was damaged), no U+FEFF (a byte order mark is not text), no noncharacters, no lone
 *       surrogates.</li>
 *   <li>A title, and content, must show something: at least one character that is neither white space nor invisible (format
 *       characters such as U+200B, fillers such as U+3164). Invisible characters are otherwise allowed, since
 *       emoji sequences and several scripts need U+200C and U+200D.</li>
 * </ul>
 */
public final class TextPolicy {

    private TextPolicy() {
    }

    /** The text as it is checked and stored. */
    public static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Why the (normalised) text breaks the policy, or empty when it does not. */
    public static Optional<String> violation(String text, boolean multiline) {
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x10000 && Character.isSurrogate((char) c)) {
                return Optional.of("must not contain lone surrogates");
            }
            if (isControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return Optional.of(multiline ? "must not contain control characters other than tab and line breaks"
                        : "must not contain control characters or line breaks");
            }
            if (!multiline && (c == 0x2028 || c == 0x2029)) {
                return Optional.of("must not contain control characters or line breaks");
            }
            if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                return Optional.of("must not contain bidirectional embedding, override or isolate characters");
            }
            if (c == 0xFFFD || c == 0xFEFF || isNoncharacter(c)) {
                return Optional.of("must not contain U+FFFD, U+FEFF or noncharacters");
            }
            visible |= isVisible(c);
        }
        if (!visible) {
            return Optional.of("must not be blank");
        }
        return Optional.empty();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static boolean isNoncharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    /** Whether the code point leaves a mark: not white space, not a format character, not a blank filler. */
    static boolean isVisible(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return false;
        }
        int type = Character.getType(c);
        if (type == Character.FORMAT || type == Character.CONTROL || type == Character.UNASSIGNED
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
            return false;
        }
        // Letters and symbols that render as nothing: the Hangul fillers and the blank braille pattern.
        return c != 0x115F && c != 0x1160 && c != 0x3164 && c != 0xFFA0 && c != 0x2800;
    }
}
