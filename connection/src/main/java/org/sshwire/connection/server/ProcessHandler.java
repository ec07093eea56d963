package org.sshwire.connection.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs real commands and shells for sessions (what sshd does): {@code /bin/sh -c command} for
 * exec, {@code /bin/sh} for a shell, with the session's environment. With a pty the process gets
 * a real pseudo-terminal ({@link PtyProcesses}) whose size follows window-change. Signals are
 * passed on with {@code kill}; a process killed by a signal ends the session with exit-signal.
 *
 * <pre>{@code
 * SshServer.builder().handler(new ProcessHandler()).build().start();
 * }</pre>
 */
public final class ProcessHandler implements SessionHandler {
    private static final System.Logger LOG = System.getLogger(ProcessHandler.class.getName());
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(SshServer.daemon("sshwire-process-pump"));
    private static final String[] SIGNALS = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM"};

    private final String shell;

    public ProcessHandler() {
        this("/bin/sh");
    }

    public ProcessHandler(String shell) {
        this.shell = shell;
    }

    @Override
    public void handle(Session s) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(shell));
        if (s.rawCommand() != null) {
            cmd.add("-c");
            cmd.add(s.rawCommand());
        }
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(s.environment());
        if (s.user() != null) {
            env.put("USER", s.user());
            env.put("LOGNAME", s.user());
        }
        if (s.remoteAddress() != null) {
            env.put("SSH_CLIENT", s.remoteAddress().getAddress().getHostAddress() + " " + s.remoteAddress().getPort() + " 0");
        }
        if (s.pty().isPresent()) {
            env.put("TERM", s.pty().get().term());
            Process p = PtyProcesses.start(cmd, env, s);
            run(s, p, false);
        } else {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().clear();
            pb.environment().putAll(env);
            run(s, pb.start(), true);
        }
    }

    private void run(Session s, Process p, boolean separateStderr) throws Exception {
        s.context().onCancel(p::destroyForcibly);
        s.onSignal(sig -> signal(p, sig));
        PUMPS.execute(() -> {
            OutputStream toProcess = p.getOutputStream();
            try {
                if (separateStderr) {
                    // A JDK process pipe: the channel's chunks go straight to it, no copy. (pty4j's
                    // PTYOutputStream mishandles array offsets, so a pty keeps the copying loop.)
                    s.stdin().transferTo(toProcess);
                    toProcess.close(); // EOF to the command's stdin pipe
                } else {
                    // With a pty, stdin and stdout are one master fd (pty4j closes it on close()):
                    // EOF from the client must not hang up the terminal and lose the output, so it
                    // only stops the copy, as sshd does for tty sessions.
                    copy(s.stdin(), toProcess);
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "stdin pump", e);
                if (separateStderr) {
                    try {
                        toProcess.close();
                    } catch (IOException ignored) {
                        // the process is gone
                    }
                }
            }
        });
        CompletableFuture<Void> stderr = new CompletableFuture<>();
        if (separateStderr) {
            PUMPS.execute(() -> {
                try (InputStream err = p.getErrorStream()) {
                    copy(err, s.stderr());
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "stderr pump", e);
                } finally {
                    stderr.complete(null);
                }
            });
        } else {
            stderr.complete(null);
        }
        try (InputStream out = p.getInputStream()) {
            copy(out, s.stdout());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "stdout pump", e); // a pty master reports EIO when the child exits
        }
        int code = p.waitFor();
        stderr.get();
        if (code > 128 && code - 128 < SIGNALS.length && SIGNALS[code - 128] != null) {
            // Java reports a process killed by signal n as 128 + n (as shells do).
            s.exitSignal(SIGNALS[code - 128], false, "");
        } else {
            s.exit(code);
        }
    }

    private static void signal(Process p, String name) {
        try {
            new ProcessBuilder("kill", "-s", name, Long.toString(p.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "kill failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A whole Linux pipe (64 KiB) per read: a command writing fast then fills two 32 KiB
     * CHANNEL_DATA packets per engine step, sealed and sent in one gathered write, instead of one
     * packet, one lock round and one socket write per 32 KiB.
     */
    private static final int PUMP_BUFFER = 64 * 1024;

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[PUMP_BUFFER];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
