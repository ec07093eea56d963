package org.sshwire.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sshwire.sftp.FileAttributes;

/**
 * The text of sftp's {@code ls} and {@code df}: long lines in OpenSSH's ls_file layout
 * ({@code -rw-r--r--    ? alice    staff        6 Nov 22 17:43 a.txt}), names in columns, and
 * fmt_scaled sizes ({@code 4.0K}, {@code 252G}) for {@code -h}.
 */
final class LsFormat {
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd  yyyy", Locale.ROOT);
    private static final long HALF_YEAR = 365L * 24 * 60 * 60 / 2;

    private LsFormat() {
    }

    /** One long-listing line; the link count of a remote file is unknown ("?"), as in sftp. */
    static String longLine(String name, FileAttributes a, String user, String group, boolean humanSizes,
                           long nowSeconds, ZoneId zone) {
        String u = user != null ? user : String.valueOf(a.uid());
        String g = group != null ? group : String.valueOf(a.gid());
        long mtime = a.mtime();
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(mtime), zone);
        String when = (nowSeconds - HALF_YEAR < mtime && nowSeconds >= mtime ? RECENT : OLD).format(t);
        String size = humanSizes ? String.format(Locale.ROOT, "%8s", scaled(a.size()))
                : String.format(Locale.ROOT, "%8d", a.size());
        return String.format(Locale.ROOT, "%s %3s %-" + Math.max(8, u.length()) + "s %-" + Math.max(8, g.length())
                + "s %s %s %s", mode(a.permissions()), "?", u, g, size, when, name);
    }

    /** strmode(3): type letter, rwx triplets with s/S/t/T, and a trailing space. */
    static String mode(long m) {
        return FileAttributes.modeString(m) + " ";
    }

    /** fmt_scaled(3): "0B", "6B", "4.0K", "21.9G", "252G". */
    static String scaled(long n) {
        String units = "BKMGTPE";
        long abs = Math.abs(n);
        int unit = 0;
        long factor = 1;
        while (unit < units.length() - 1 && abs / 1024 >= factor) {
            factor *= 1024;
            unit++;
        }
        long number = n / factor;
        long fract = unit == 0 ? 0 : (abs % factor) / (factor / 1024);
        fract = (10 * fract + 512) / 1024;
        if (fract >= 10) {
            number += number >= 0 ? 1 : -1;
            fract = 0;
        }
        if (number == 0) {
            return "0B";
        }
        if (unit == 0 || Math.abs(number) >= 100) {
            if (fract >= 5) {
                number += number >= 0 ? 1 : -1;
            }
            return number + String.valueOf(units.charAt(unit));
        }
        return number + "." + fract + units.charAt(unit);
    }

    /**
     * Names in columns as sftp prints them: every column is {@code width / columns} wide, where
     * {@code columns = width / (longest + 2)}; rows are filled left to right.
     */
    static List<String> columns(List<String> names, int longest, int width) {
        int columns = Math.max(1, width / (longest + 2));
        int colspace = Math.min(width / columns, width);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int c = 1;
        for (String n : names) {
            line.append(n).append(" ".repeat(Math.max(0, colspace - n.length())));
            if (c >= columns) {
                lines.add(line.toString());
                line.setLength(0);
                c = 1;
            } else {
                c++;
            }
        }
        if (c != 1) {
            lines.add(line.toString());
        }
        return lines;
    }
}
