package org.sshwire.testvectors;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON parser (RFC 8259) for the vector files; it exists so that this module
 * needs no JSON library.
 *
 * <p>Values map to {@code Map<String,Object>} (a {@link LinkedHashMap}, members in file order),
 * {@code List<Object>}, {@link String}, {@link BigDecimal}, {@link Boolean} and {@code null}.
 * Strict beyond the grammar: duplicate member names and unpaired surrogate escapes are rejected,
 * since either would make a vector file ambiguous.
 */
public final class Json {
    /** Deep enough for any vector file, shallow enough that recursion cannot overflow the stack. */
    private static final int MAX_DEPTH = 256;

    /** The single-character escapes and, at the same index, what they stand for; 'u' is last. */
    private static final String ESCAPES = "\"\\/bfnrtu";
    private static final String ESCAPED = "\"\\/\b\f\n\r\t";

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON text.
     *
     * @throws IllegalArgumentException on malformed input; the message gives the offset
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWhitespace();
        Object value = p.value();
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected content after the value");
        }
        return value;
    }

    private Object value() {
        char c = peek();
        if (c == '{') {
            return object();
        } else if (c == '[') {
            return array();
        } else if (c == '"') {
            return string();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        } else if (c == 't' || c == 'f' || c == 'n') {
            String word = c == 't' ? "true" : c == 'f' ? "false" : "null";
            if (!text.startsWith(word, pos)) {
                throw error("invalid literal");
            }
            pos += word.length();
            return c == 'n' ? null : Boolean.valueOf(c == 't');
        }
        throw error(pos >= text.length() ? "unexpected end of input" : "unexpected character '" + c + "'");
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (open('}')) {
            do {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                int nameAt = pos;
                String name = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (map.containsKey(name)) {
                    throw new IllegalArgumentException("offset " + nameAt + ": duplicate member name \"" + name + "\"");
                }
                map.put(name, value());
            } while (next('}'));
        }
        return map;
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        if (open(']')) {
            do {
                skipWhitespace();
                list.add(value());
            } while (next(']'));
        }
        return list;
    }

    /** Consumes the opening bracket; false (after consuming {@code close}) for an empty container. */
    private boolean open(char close) {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        pos++;
        skipWhitespace();
        if (peek() == close) {
            pos++;
            depth--;
            return false;
        }
        return true;
    }

    /** After a member or element: true at a comma, false (after consuming {@code close}) at the end. */
    private boolean next(char close) {
        skipWhitespace();
        if (peek() == ',') {
            pos++;
            return true;
        }
        expect(close);
        depth--;
        return false;
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            if (c < 0x20) {
                throw error(pos >= text.length() ? "unterminated string" : "unescaped control character in string");
            }
            pos++;
            if (c == '"') {
                return sb.toString();
            } else if (c != '\\') {
                sb.append(c);
                continue;
            }
            int kind = pos < text.length() ? ESCAPES.indexOf(text.charAt(pos)) : -1;
            if (kind < 0) {
                pos--;
                throw error("invalid escape");
            }
            pos++;
            if (kind < ESCAPED.length()) {
                sb.append(ESCAPED.charAt(kind));
                continue;
            }
            // A u escape: a BMP char, or a high surrogate that must be followed by an escaped low one.
            int escAt = pos - 2;
            char first = hex4();
            boolean paired = !Character.isHighSurrogate(first);
            sb.append(first);
            if (!paired && text.startsWith("\\u", pos)) {
                pos += 2;
                char second = hex4();
                paired = Character.isLowSurrogate(second);
                sb.append(second);
            }
            if (!paired || Character.isLowSurrogate(first)) {
                throw new IllegalArgumentException("offset " + escAt + ": unpaired surrogate escape");
            }
        }
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char c = text.charAt(pos);
            int d = c < 0x80 ? Character.digit(c, 16) : -1; // JSON allows only ASCII hex digits
            if (d < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            v = v << 4 | d;
            pos++;
        }
        return (char) v;
    }

    private BigDecimal number() {
        int start = pos;
        pos += peek() == '-' ? 1 : 0;
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("expected a digit after the decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            pos += peek() == '+' || peek() == '-' ? 1 : 0;
            if (!digits()) {
                throw error("expected a digit in the exponent");
            }
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) { // exponent beyond int range
            pos = start;
            throw error("number out of range");
        }
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error(pos >= text.length() ? "unexpected end of input" : "expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("offset " + pos + ": " + message);
    }
}
