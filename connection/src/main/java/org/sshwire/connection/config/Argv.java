package org.sshwire.connection.config;

import java.util.ArrayList;
import java.util.List;

/**
 * sshd's two tokenisers, kept byte-for-byte in behaviour: {@code strdelim} (misc.c), which splits
 * the keyword off a line and the criteria off a Match line, and {@code argv_split} (misc.c),
 * which splits a keyword's arguments honouring quotes and backslash escapes.
 */
final class Argv {
    static final String WHITESPACE = " \t\r\n";

    private Argv() {
    }

    /** A position in a line that {@link #strdelim} advances; {@code done} is sshd's {@code *s == NULL}. */
    static final class Cursor {
        final String s;
        int pos;
        boolean done;

        Cursor(String s) {
            this.s = s;
        }

        /** What is left of the line, as sshd's {@code str}; null once exhausted. */
        String rest() {
            return done ? null : s.substring(pos);
        }
    }

    /**
     * sshd's {@code strdelim}: the next token, ending at whitespace or at one '=' (so both
     * {@code Keyword value} and {@code Keyword=value} work); a double-quoted run is taken whole.
     * Returns null when the line is exhausted or a quote is unterminated.
     */
    static String strdelim(Cursor c) {
        if (c.done) {
            return null;
        }
        String s = c.s;
        int old = c.pos;
        int i = old;
        while (i < s.length() && WHITESPACE.indexOf(s.charAt(i)) < 0 && s.charAt(i) != '"' && s.charAt(i) != '=') {
            i++;
        }
        if (i >= s.length()) {
            c.done = true;
            return s.substring(old);
        }
        if (s.charAt(i) == '"') {
            // sshd removes the opening quote in place and ends the token at the next quote.
            int close = s.indexOf('"', i + 1);
            if (close < 0) {
                c.done = true;
                return null;
            }
            String token = s.substring(old, i) + s.substring(i + 1, close);
            c.pos = skip(s, close + 1);
            return token;
        }
        boolean wspace = s.charAt(i) == '=';
        String token = s.substring(old, i);
        c.pos = skip(s, i + 1);
        if (c.pos < s.length() && s.charAt(c.pos) == '=' && !wspace) {
            c.pos = skip(s, c.pos + 1);
        }
        return token;
    }

    private static int skip(String s, int i) {
        while (i < s.length() && WHITESPACE.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /**
     * sshd's {@code argv_split(s, ..., terminate_on_comment=1)}: whitespace-separated words;
     * single or double quotes group, a backslash escapes a quote, a backslash, or (outside
     * quotes) a space; any other backslash is kept; '#' at the start of a word ends the line.
     *
     * @return the words, or null for an unterminated quote (sshd: "invalid quotes")
     */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch == ' ' || ch == '\t') {
                continue;
            }
            if (ch == '#') {
                break;
            }
            char quote = 0;
            StringBuilder arg = new StringBuilder();
            for (; i < n; i++) {
                char c = s.charAt(i);
                char next = i + 1 < n ? s.charAt(i + 1) : 0;
                if (c == '\\') {
                    if (next == '\'' || next == '"' || next == '\\' || (quote == 0 && next == ' ')) {
                        i++;
                        arg.append(next);
                    } else {
                        arg.append(c);
                    }
                } else if (quote == 0 && (c == ' ' || c == '\t')) {
                    break;
                } else if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else {
                    arg.append(c);
                }
            }
            out.add(arg.toString());
            if (i >= n) {
                if (quote != 0) {
                    return null;
                }
                break;
            }
        }
        return out;
    }
}
