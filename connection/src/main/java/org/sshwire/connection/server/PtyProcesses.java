package org.sshwire.connection.server;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Starts a process on a real pseudo-terminal (pty4j), sized from the session's pty-req and resized
 * on every window-change (RFC 4254 §6.2, §6.7). Output and errors share the terminal, as with sshd.
 * Loading this class needs pty4j: ask {@link PtySupport#available()} first.
 */
final class PtyProcesses {
    private PtyProcesses() {
    }

    /**
     * Starts {@code cmd} on a new terminal of {@code pty}'s size. pty4j sizes the terminal only
     * after exec, so the command itself must size it before anything reads it
     * ({@link SessionProcess}'s reaper runs stty first).
     */
    static Process start(List<String> cmd, Map<String, String> env, Session s, Pty pty) throws IOException {
        int columns = Math.max(1, pty.columns());
        int rows = Math.max(1, pty.rows());
        PtyProcess p = new PtyProcessBuilder(cmd.toArray(String[]::new))
                .setEnvironment(env)
                .setConsole(false)
                .setRedirectErrorStream(true)
                .setInitialColumns(columns)
                .setInitialRows(rows)
                .start();
        s.onWindowChange(size -> {
            if (p.isAlive()) {
                p.setWinSize(new WinSize(Math.max(1, size.columns()), Math.max(1, size.rows())));
            }
        });
        return p;
    }
}
