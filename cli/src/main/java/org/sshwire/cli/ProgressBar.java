package org.sshwire.cli;

import java.util.Locale;

/**
 * The text of OpenSSH's progress meter (progressmeter.c), as a pure function so its layout can be
 * tested without a terminal or a clock:
 * {@code name<pad> 45%  123MB  12.3MB/s   00:05 ETA}. The name column takes what the 34 columns of
 * numbers leave; the line never reaches the last column, so the terminal does not wrap.
 */
final class ProgressBar {
    /** Columns the numbers take (" 100% 1234KB 123.4KB/s   00:00 ETA"). */
    static final int NUMBERS = 34;
    private static final String UNITS = " KMGT";

    private ProgressBar() {
    }

    /**
     * One meter line without the leading carriage return.
     *
     * @param rate           smoothed bytes per second (0: not known yet)
     * @param elapsedSeconds time since the transfer began (shown when done)
     * @param stalled        no bytes for a while: OpenSSH shows "- stalled -" instead of the ETA
     */
    static String format(String file, long transferred, long total, double rate, long elapsedSeconds,
                         boolean stalled, int columns) {
        StringBuilder b = new StringBuilder();
        int nameWidth = columns - NUMBERS - 1;
        if (nameWidth > 0) {
            String name = file.length() > nameWidth ? file.substring(0, nameWidth) : file;
            b.append(name).append(" ".repeat(nameWidth - name.length()));
        }
        b.append(String.format(Locale.ROOT, " %3d%% %s %s/s ", percent(transferred, total),
                size(transferred), rate(Math.round(rate))));
        long left = Math.max(0, total - transferred);
        if (stalled) {
            b.append("- stalled -");
        } else if (rate < 1 && left > 0) {
            b.append("  --:-- ETA");
        } else {
            long seconds = left > 0 ? (long) (left / rate) : elapsedSeconds;
            long hours = seconds / 3600;
            long minutes = seconds / 60 % 60;
            if (hours > 0) {
                b.append(String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, seconds % 60));
            } else {
                b.append(String.format(Locale.ROOT, "  %02d:%02d", minutes, seconds % 60));
            }
            b.append(left > 0 ? " ETA" : "    ");
        }
        // The last column stays empty: writing it makes some terminals wrap before the \r.
        int max = Math.max(0, columns - 1);
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    /** 0..100; an empty file or a finished one is 100 %, as OpenSSH. */
    static int percent(long transferred, long total) {
        if (total <= 0 || transferred >= total) {
            return 100;
        }
        return (int) Math.max(0, Math.min(100, transferred * 100.0 / total));
    }

    /** Six columns: "1234KB", "   6 " (bytes have no unit letter). */
    static String size(long bytes) {
        int i = 0;
        long v = Math.max(0, bytes);
        while (v >= 10000 && i < UNITS.length() - 1) {
            v = (v + 512) / 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%4d%c%s", v, UNITS.charAt(i), i > 0 ? "B" : " ");
    }

    /** Seven columns with one decimal, at least KB: "  1.2MB". */
    static String rate(long bytesPerSecond) {
        long v = Math.max(0, bytesPerSecond) * 100;
        int i = 0;
        while (v >= 100 * 1000 && i < UNITS.length() - 1) {
            v = (v + 512) / 1024;
            i++;
        }
        if (i == 0) {
            i++;
            v = (v + 512) / 1024;
        }
        return String.format(Locale.ROOT, "%3d.%1d%c%s", (v + 5) / 100, (v + 5) / 10 % 10, UNITS.charAt(i), "B");
    }
}
