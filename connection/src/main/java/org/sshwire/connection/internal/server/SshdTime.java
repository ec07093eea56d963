package org.sshwire.connection.internal.server;

import java.time.Duration;

/**
 * sshd_config(5) TIME FORMATS: {@code time[qualifier]} repeated, qualifiers {@code s m h d w} in
 * either case, none meaning seconds: {@code 90}, {@code 2m}, {@code 1h30m}.
 *
 * <pre>{@code
 * Duration grace = SshdTime.parse("1h30m"); // 5400 s
 * }</pre>
 */
public final class SshdTime {
    private SshdTime() {
    }

    /** @throws IllegalArgumentException for anything else (misc.c convtime() returns -1) */
    public static Duration parse(String value) {
        String t = value.strip();
        if (t.isEmpty()) {
            throw bad(value);
        }
        long total = 0;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                throw bad(value);
            }
            long n = Long.parseLong(t.substring(start, i));
            long mult = 1;
            if (i < t.length()) {
                mult = switch (Character.toLowerCase(t.charAt(i))) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    case 'w' -> 604800;
                    default -> throw bad(value);
                };
                i++;
            }
            total += n * mult;
        }
        return Duration.ofSeconds(total);
    }

    private static IllegalArgumentException bad(String value) {
        return new IllegalArgumentException("not a time such as 120, 2m or 1h30m: " + value);
    }
}
