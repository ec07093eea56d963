package org.sshwire.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ssh-keygen's {@code -V validity_interval} for certificates: {@code from:to}, or just {@code to}
 * (valid from now); each bound is {@code always}/{@code forever}, a relative time like
 * {@code +52w} or {@code -1d}, or an absolute date {@code YYYYMMDD[HHMM[SS]]} (local time).
 */
record Validity(Instant from, Instant to) {

    static Validity parse(String spec, Instant now, ZoneId zone) {
        if (spec == null) {
            return new Validity(null, null);
        }
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return new Validity(now, bound(spec, now, zone, false));
        }
        return new Validity(bound(spec.substring(0, colon), now, zone, true),
                bound(spec.substring(colon + 1), now, zone, false));
    }

    private static Instant bound(String s, Instant now, ZoneId zone, boolean start) {
        if (s.equals("always") && start || s.equals("forever") && !start) {
            return null;
        }
        if (s.startsWith("+") || s.startsWith("-")) {
            return now.plus(relative(s.substring(1)).multipliedBy(s.startsWith("-") ? -1 : 1));
        }
        try {
            if (s.length() == 8) {
                return LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(zone).toInstant();
            }
            String pattern = s.length() == 12 ? "yyyyMMddHHmm" : "yyyyMMddHHmmss";
            return LocalDateTime.parse(s, DateTimeFormatter.ofPattern(pattern)).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw UserErrors.fail("invalid validity interval \"" + s + "\"");
        }
    }

    /** OpenSSH time format: a sum of numbers with optional s, m, h, d, w suffixes (sshd_config(5) TIME FORMATS). */
    private static Duration relative(String s) {
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < s.length()) {
            int j = i;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j == i || j - i > 9) {
                throw UserErrors.fail("invalid time \"" + s + "\"");
            }
            long n = Long.parseLong(s.substring(i, j));
            char unit = j < s.length() ? Character.toLowerCase(s.charAt(j)) : 's';
            total = total.plus(switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                case 'w' -> Duration.ofDays(7 * n);
                default -> throw UserErrors.fail("invalid time unit in \"" + s + "\"");
            });
            i = j < s.length() ? j + 1 : j;
        }
        return total;
    }
}
