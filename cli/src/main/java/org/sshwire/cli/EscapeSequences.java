package org.sshwire.cli;

import java.io.ByteArrayOutputStream;

/**
 * ssh's escape sequences on an interactive session: after a newline (or at the start), {@code ~.}
 * disconnects, {@code ~?} lists the escapes and {@code ~~} sends one {@code ~}; any other
 * character after {@code ~} sends both, as OpenSSH does (ssh(1) ESCAPE CHARACTERS).
 */
final class EscapeSequences {
    enum Action { NONE, DISCONNECT, HELP }

    static final String HELP = "Supported escape sequences:\r\n ~.   - terminate connection\r\n"
            + " ~?   - this message\r\n ~~   - send the escape character by typing it twice\r\n"
            + "(Note that escapes are only recognized immediately after newline.)\r\n";

    private final int escape;
    private boolean lineStart = true;
    private boolean pending;

    /** @param escape the escape character, or -1 for none ({@code -e none}) */
    EscapeSequences(int escape) {
        this.escape = escape;
    }

    /**
     * Filters typed bytes into {@code out} (what to send) and returns the first action found;
     * bytes after a DISCONNECT are dropped.
     */
    Action feed(byte[] buf, int off, int len, ByteArrayOutputStream out) {
        Action action = Action.NONE;
        for (int i = off; i < off + len; i++) {
            int c = buf[i] & 0xff;
            if (escape < 0) {
                out.write(c);
                continue;
            }
            if (pending) {
                pending = false;
                if (c == '.') {
                    return Action.DISCONNECT;
                }
                if (c == '?') {
                    action = Action.HELP;
                    lineStart = false;
                    continue;
                }
                if (c != escape) {
                    out.write(escape);
                }
                out.write(c);
                lineStart = c == '\r' || c == '\n';
                continue;
            }
            if (lineStart && c == escape) {
                pending = true;
                continue;
            }
            out.write(c);
            lineStart = c == '\r' || c == '\n';
        }
        return action;
    }
}
