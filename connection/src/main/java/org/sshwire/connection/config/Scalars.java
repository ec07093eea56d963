package org.sshwire.connection.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * sshd's number parsers (misc.c, OpenBSD's strtonum and scan_scaled), with their limits and
 * their error words, so a value sshd accepts parses to the same number here and a value it
 * refuses is refused with the same reason.
 */
final class Scalars {
    static final String EINVAL = "Invalid argument";
    static final String ERANGE = "Numerical result out of range";
    private static final String SCALE_CHARS = "BKMGTPE";
    private static final int MAX_DIGITS = 21;

    private Scalars() {
    }

    /** The outcome of strtonum/scan_scaled: a value or sshd's error word. */
    record Num(long value, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** C's {@code strtoll(s, &end, 10)} prefix: leading space, a sign, decimal digits (saturating). */
    private static long[] strtoll(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        boolean range = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                range = true;
            } else {
                v = v * 10 + d;
            }
            i++;
        }
        if (i == digits) {
            return new long[] {0, from, 0}; // no conversion: end stays at the start
        }
        if (range) {
            v = Long.MAX_VALUE;
        }
        return new long[] {neg ? -v : v, i, range ? 1 : 0};
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    /** OpenBSD {@code strtonum}: the whole string a decimal in [min, max]; errors "invalid", "too small", "too large". */
    static Num strtonum(String s, long min, long max) {
        long[] r = strtoll(s, 0);
        if (s.isEmpty() || r[1] == 0 || r[1] != s.length()) {
            return new Num(0, "invalid");
        }
        boolean range = r[2] != 0;
        if ((range && r[0] < 0) || r[0] < min) {
            return new Num(0, "too small");
        }
        if (range || r[0] > max) {
            return new Num(0, "too large");
        }
        return new Num(r[0], null);
    }

    /** sshd's {@code atoi_err}: an int in [0, INT_MAX]; error "missing" for no argument. */
    static Num atoiErr(String s) {
        if (s == null || s.isEmpty()) {
            return new Num(0, "missing");
        }
        return strtonum(s, 0, Integer.MAX_VALUE);
    }

    /**
     * sshd's {@code a2port}: a number 0..65535, else a TCP service name from /etc/services;
     * -1 if neither.
     */
    static int a2port(String s) {
        Num n = strtonum(s, 0, 65535);
        if (n.ok()) {
            return (int) n.value();
        }
        return servicePort(s);
    }

    private static int servicePort(String name) {
        Path services = Path.of("/etc/services");
        if (name.isEmpty() || !Files.isRegularFile(services)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(services, StandardCharsets.ISO_8859_1)) {
                int hash = line.indexOf('#');
                String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (f.length < 2 || !f[1].endsWith("/tcp")) {
                    continue;
                }
                for (int i = 0; i < f.length; i++) {
                    if (i != 1 && f[i].equals(name)) {
                        Num p = strtonum(f[1].substring(0, f[1].length() - 4), 0, 65535);
                        return p.ok() ? (int) p.value() : -1;
                    }
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * sshd's {@code convtime}: a sum of numbers each with an optional unit s/m/h/d/w (any case),
     * e.g. {@code 1h30m}; -1 if malformed, negative or beyond INT_MAX seconds.
     */
    static int convtime(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        long total = 0;
        int p = 0;
        while (p < s.length()) {
            long[] r = strtoll(s, p);
            if (r[1] == p || r[2] != 0 || r[0] < 0) {
                return -1;
            }
            int end = (int) r[1];
            long secs = r[0];
            long mult = 1;
            if (end < s.length()) {
                switch (s.charAt(end)) {
                    case 's', 'S' -> mult = 1;
                    case 'm', 'M' -> mult = 60;
                    case 'h', 'H' -> mult = 3600;
                    case 'd', 'D' -> mult = 86400;
                    case 'w', 'W' -> mult = 604800;
                    default -> {
                        return -1;
                    }
                }
                end++;
            }
            if (secs > Integer.MAX_VALUE / mult) {
                return -1;
            }
            secs *= mult;
            if (total > Integer.MAX_VALUE - secs) {
                return -1;
            }
            total += secs;
            p = end;
        }
        return (int) total;
    }

    /** OpenBSD {@code scan_scaled}: a byte count with an optional fraction and unit B/K/M/G/T/P/E (powers of 1024). */
    static Num scanScaled(String s) {
        int p = 0;
        int n = s.length();
        while (p < n && isSpace(s.charAt(p))) {
            p++;
        }
        int sign = 0;
        while (p < n && (s.charAt(p) == '-' || s.charAt(p) == '+')) {
            if (sign != 0) {
                return new Num(0, EINVAL);
            }
            sign = s.charAt(p) == '-' ? -1 : 1;
            p++;
        }
        int ndigits = 0;
        int fractDigits = 0;
        long whole = 0;
        long fpart = 0;
        for (; p < n && (Character.isDigit(s.charAt(p)) && s.charAt(p) < 128 || s.charAt(p) == '.'); p++) {
            if (s.charAt(p) == '.') {
                if (fractDigits > 0) {
                    return new Num(0, EINVAL);
                }
                fractDigits = 1;
                continue;
            }
            int d = s.charAt(p) - '0';
            if (fractDigits > 0) {
                if (fractDigits >= MAX_DIGITS - 1) {
                    continue;
                }
                fractDigits++;
                if (fpart > Long.MAX_VALUE / 10) {
                    return new Num(0, ERANGE);
                }
                fpart = fpart * 10 + d;
            } else {
                if (++ndigits >= MAX_DIGITS || whole > Long.MAX_VALUE / 10) {
                    return new Num(0, ERANGE);
                }
                whole *= 10;
                if (d > Long.MAX_VALUE - whole) {
                    return new Num(0, ERANGE);
                }
                whole += d;
            }
        }
        if (sign != 0) {
            whole *= sign;
        }
        if (p >= n) {
            return new Num(whole, null);
        }
        int unit = SCALE_CHARS.indexOf(Character.toUpperCase(s.charAt(p)));
        if (unit < 0 || s.charAt(p) > 127) {
            return new Num(0, EINVAL);
        }
        if (p + 1 < n && Character.isLetterOrDigit(s.charAt(p + 1)) && s.charAt(p + 1) < 128) {
            return new Num(0, EINVAL);
        }
        long fact = 1L << (10 * unit);
        if (whole > Long.MAX_VALUE / fact || whole < Long.MIN_VALUE / fact) {
            return new Num(0, ERANGE);
        }
        whole *= fact;
        while (fpart >= Long.MAX_VALUE / fact || fpart <= Long.MIN_VALUE / fact) {
            fpart /= 10;
            fractDigits--;
        }
        fpart *= fact;
        for (int i = 0; i < fractDigits - 1; i++) {
            fpart /= 10;
        }
        whole = sign == -1 ? whole - fpart : whole + fpart;
        return new Num(whole, null);
    }

    /** sshd's {@code parse_pattern_interval}: {@code type=time} with a non-empty type (ChannelTimeout). */
    static boolean patternInterval(String s) {
        int eq = s.indexOf('=');
        return eq > 0 && convtime(s.substring(eq + 1)) >= 0;
    }
}
