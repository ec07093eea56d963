package org.sshwire.proxy.internal.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object, written as one line (RFC 8259 strings: quotes, backslashes and controls
 * escaped); and the reading of such a line back, for the bastion's control socket.
 */
public final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Json put(String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            string(b, f.getKey());
            b.append(':');
            value(b, f.getValue());
        }
        return b.append('}').toString();
    }

    static void value(StringBuilder b, Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Json j) {
            b.append(j);
        } else if (v instanceof Iterable<?> list) {
            b.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                value(b, o);
            }
            b.append(']');
        } else {
            string(b, String.valueOf(v));
        }
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Reads one flat JSON object (string, number, boolean and null values; no nesting), as
     * {@link #toString} writes them: each value as its text (strings unescaped), null left out.
     *
     * @throws IllegalArgumentException if {@code line} is not such an object
     */
    public static Map<String, String> parseFlat(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] at = {skip(line, 0)};
        expect(line, at, '{');
        if (peek(line, at) == '}') {
            at[0]++;
        } else {
            while (true) {
                String name = readString(line, at);
                expect(line, at, ':');
                String value;
                boolean quoted = peek(line, at) == '"';
                if (quoted) {
                    value = readString(line, at);
                } else {
                    int start = at[0];
                    while (at[0] < line.length() && ",} \t".indexOf(line.charAt(at[0])) < 0) {
                        at[0]++;
                    }
                    value = line.substring(start, at[0]);
                    if (!value.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null")) {
                        throw new IllegalArgumentException("not a flat JSON value at " + start + ": " + value);
                    }
                    at[0] = skip(line, at[0]);
                }
                if (quoted || !value.equals("null")) {
                    out.put(name, value);
                }
                char c = peek(line, at);
                at[0]++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (at[0] - 1));
                }
            }
        }
        if (skip(line, at[0]) != line.length()) {
            throw new IllegalArgumentException("text after the object at " + at[0]);
        }
        return out;
    }

    private static int skip(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static char peek(String s, int[] at) {
        at[0] = skip(s, at[0]);
        if (at[0] >= s.length()) {
            throw new IllegalArgumentException("the object ends early");
        }
        return s.charAt(at[0]);
    }

    private static void expect(String s, int[] at, char c) {
        if (peek(s, at) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + at[0]);
        }
        at[0]++;
    }

    private static String readString(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder b = new StringBuilder();
        int i = at[0];
        while (true) {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw new IllegalArgumentException("short \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + e);
            }
        }
        at[0] = skip(s, i);
        return b.toString();
    }
}
