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
 */
final class PtyProcesses {
    private PtyProcesses() {
    }

    static Process start(List<String> cmd, Map<String, String> env, Session s) throws IOException {
        Pty pty = s.pty().orElseThrow(() -> new IllegalStateException("no pty requested"));
        int columns = Math.max(1, pty.columns());
        int rows = Math.max(1, pty.rows());
        // pty4j sizes the terminal only after exec, so a quick command ("stty size") could see
        // 0x0; sizing it from inside the child, before the command runs, closes that race.
        List<String> sized = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "stty cols " + columns + " rows " + rows + " 2>/dev/null; exec \"$@\"", "sh"));
        sized.addAll(cmd);
        PtyProcess p = new PtyProcessBuilder(sized.toArray(String[]::new))
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
