package org.sshwire.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What sftp needs to know about the terminal. Java 17 has no isatty(3): {@link System#console()}
 * is non-null only when both stdin and stdout are terminals, which is exactly when a prompt and a
 * progress meter make sense. The width comes from {@code stty size} on the controlling terminal.
 */
final class Terminal {
    static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    static boolean isInteractive() {
        return System.console() != null;
    }

    /** The terminal's width, or 80 (sftp's default) when there is none. */
    static int columns() {
        if (!isInteractive()) {
            return DEFAULT_COLUMNS;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                int cols = Integer.parseInt(out.split("\\s+")[1]);
                return cols > 0 ? cols : DEFAULT_COLUMNS;
            }
        } catch (Exception e) {
            // no stty or no tty: fall back like sftp when ioctl(TIOCGWINSZ) fails
        }
        return DEFAULT_COLUMNS;
    }
}
