package org.sshwire.testvectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Typed access to parsed JSON members and hex text; errors name the member so a bad file is easy to find. */
final class Values {
    private Values() {
    }

    static String readUtf8(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    static Object member(Map<String, Object> map, String key) {
        if (!map.containsKey(key)) {
            throw new IllegalArgumentException("no member \"" + key + "\" (have " + map.keySet() + ")");
        }
        return map.get(key);
    }

    static <T> T typed(Map<String, Object> map, String key, Class<T> type) {
        Object v = member(map, key);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("member \"" + key + "\" is "
                    + (v == null ? "null" : v.getClass().getSimpleName()) + ", not " + type.getSimpleName());
        }
        return type.cast(v);
    }

    static String str(Map<String, Object> map, String key) {
        return typed(map, key, String.class);
    }

    static int integer(Map<String, Object> map, String key) {
        try {
            return typed(map, key, BigDecimal.class).intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("member \"" + key + "\" is not an int: " + map.get(key), e);
        }
    }

    static byte[] hex(Map<String, Object> map, String key) {
        try {
            return hex(str(map, key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("member \"" + key + "\": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> map, String key) {
        return typed(map, key, Map.class);
    }

    /** {@code v} as a JSON object, or an exception saying which {@code what} was not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object v, String what) {
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> map, String key) {
        return typed(map, key, List.class);
    }

    /** Decodes hex text (either case, even length, nothing else). */
    static byte[] hex(String s) {
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd-length hex (" + s.length() + " digits)");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (digit(s, 2 * i) << 4 | digit(s, 2 * i + 1));
        }
        return out;
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        int d = c < 0x80 ? Character.digit(c, 16) : -1;
        if (d < 0) {
            throw new IllegalArgumentException("not a hex digit at " + i + ": '" + c + "'");
        }
        return d;
    }
}
