package org.sshwire.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.sshwire.connection.client.ClientSession;

/**
 * Copies a session's streams to and from this process: stdin to the remote command (through the
 * escape filter on an interactive session), stdout and stderr back. Each direction has its own
 * thread because the channel streams block.
 */
final class SessionStreams {
    private final ClientSession session;
    private final OutputStream stdout;
    private final PrintStream stderr;
    private volatile boolean disconnected;

    SessionStreams(ClientSession session, OutputStream stdout, PrintStream stderr) {
        this.session = session;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts copying {@code in} to the session; {@code escapes} null means bytes pass untouched. */
    void startInput(InputStream in, EscapeSequences escapes) {
        ProcessExit.startReader("sshwire-stdin", () -> copyInput(in, escapes));
    }

    /**
     * Copies stdout and stderr until the session closes them; true when the user disconnected
     * with an escape sequence instead.
     */
    boolean copyOutputUntilClosed() throws InterruptedException {
        Thread err = new Thread(() -> copy(session.stderr(), stderr), "sshwire-stderr");
        err.setDaemon(true);
        err.start();
        copy(session.stdout(), stdout);
        if (!disconnected) {
            err.join();
        }
        return disconnected;
    }

    private void copyInput(InputStream in, EscapeSequences escapes) {
        OutputStream remote = session.stdin();
        byte[] buf = new byte[32 * 1024];
        ByteArrayOutputStream filtered = new ByteArrayOutputStream();
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (escapes == null) {
                    remote.write(buf, 0, n);
                } else {
                    filtered.reset();
                    EscapeSequences.Action a = escapes.feed(buf, 0, n, filtered);
                    filtered.writeTo(remote);
                    if (a == EscapeSequences.Action.HELP) {
                        stdout.write(EscapeSequences.HELP.getBytes(StandardCharsets.UTF_8));
                        stdout.flush();
                    } else if (a == EscapeSequences.Action.DISCONNECT) {
                        disconnected = true;
                        session.close();
                        return;
                    }
                }
                remote.flush();
            }
            remote.close(); // EOF to the remote command
        } catch (IOException e) {
            // the session ended
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the session ended
        }
    }
}
