/* ArgText.java: reading strace's argument text (quoted strings, nested braces) without being fooled by it.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers for strace's argument text: split it at top-level commas, find the parenthesis that
 * closes an argument list, rewrite only the parts outside quoted strings. A quoted string is
 * strace's C literal ({@code "a\"b\n"}), possibly followed by {@code ...} when truncated; data
 * inside it is never touched by a pattern meant for the arguments around it.
 */
final class ArgText {

    private ArgText() {
    }

    /**
     * Index of the first {@code )} at nesting depth 0 in {@code s} from {@code from}, outside
     * strings; -1 if there is none. Depth counts {@code ( [ {} against {@code ) ] }}.
     */
    static int closingParen(String s, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                i = endOfString(s, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ')') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    /** The index just after the string literal that starts with the quote at {@code start}. */
    static int endOfString(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** The arguments of {@code args} (text between the parentheses), split at top-level commas and trimmed. */
    static List<String> split(String args) {
        List<String> out = new ArrayList<>();
        if (args.isBlank()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '"') {
                i = endOfString(args, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(args.substring(start).trim());
        return out;
    }

    /** The arguments joined back as strace prints them. */
    static String join(List<String> args) {
        return String.join(", ", args);
    }

    /**
     * {@code s} with every match of {@code p} outside quoted strings replaced by what
     * {@code replacement} returns for it (the text inside strings is copied unchanged).
     */
    static String replaceOutsideStrings(String s, Pattern p, Function<Matcher, String> replacement) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int q = s.indexOf('"', i);
            int end = q < 0 ? s.length() : q;
            out.append(replaceAll(s.substring(i, end), p, replacement));
            if (q < 0) {
                break;
            }
            int after = endOfString(s, q);
            out.append(s, q, after);
            i = after;
        }
        return out.toString();
    }

    private static String replaceAll(String part, Pattern p, Function<Matcher, String> replacement) {
        Matcher m = p.matcher(part);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The integer value of an argument such as {@code 3}; null when it is not a plain decimal. */
    static Integer intValue(String arg) {
        if (arg == null || !arg.matches("-?\\d{1,10}")) {
            return null;
        }
        try {
            return Integer.valueOf(arg);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
