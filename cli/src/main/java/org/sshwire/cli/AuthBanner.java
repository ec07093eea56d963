package org.sshwire.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The server's SSH_MSG_USERAUTH_BANNER (RFC 4252 §5.4, sshd's {@code Banner}) on standard error,
 * as ssh shows it: unless {@code -q} or LogLevel QUIET, FATAL or ERROR (sshconnect2.c
 * input_userauth_banner prints at log level INFO and above), and made safe for a terminal the way
 * ssh's fmprintf does (RFC 4252 §5.4 warns of control characters): printable characters, tab, CR
 * and LF pass, every byte of anything else is written as {@code \ooo} — so an ESC is
 * {@code \033}, checked against ssh 9.2.
 *
 * <pre>{@code
 * builder.banner(AuthBanner.printer(err, "INFO"));
 * }</pre>
 */
final class AuthBanner {
    private AuthBanner() {
    }

    /** Whether ssh shows INFO-level output (logit(): the banner, "Permanently added") at this LogLevel. */
    static boolean infoShown(String logLevel) {
        String level = logLevel.toUpperCase(Locale.ROOT);
        return !(level.equals("QUIET") || level.equals("SILENT") || level.equals("FATAL") || level.equals("ERROR"));
    }

    static Consumer<String> printer(PrintWriter err, String logLevel) {
        boolean shown = infoShown(logLevel);
        return text -> {
            if (shown) {
                err.print(sanitize(text));
                err.flush();
            }
        };
    }

    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t' || cp == '\r' || cp == '\n' || printable(cp)) {
                out.appendCodePoint(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('\\').append(String.format("%03o", b & 0xFF));
                }
            }
        });
        return out.toString();
    }

    private static boolean printable(int cp) {
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.UNASSIGNED && type != Character.SURROGATE
                && type != Character.PRIVATE_USE;
    }
}
