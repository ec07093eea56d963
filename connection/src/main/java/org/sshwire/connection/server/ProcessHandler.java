package org.sshwire.connection.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sshwire.auth.Permissions;

/**
 * Runs real commands and shells for sessions as sshd does: each session's processes run as the
 * operating-system account the login named ({@link UserAccounts}), with that account's uid,
 * groups, home directory and login shell, a clean environment ({@code USER}, {@code HOME},
 * {@code SSH_CONNECTION}, ... and only the client variables {@code AcceptEnv} let through), in a
 * session of their own. A shell is the account's shell started as a login shell ({@code $0} is
 * "-bash"); exec runs {@code $SHELL -c command}. When the server runs as root it switches to the
 * account with util-linux {@code setpriv}; when it does not, only its own account can run
 * sessions. With a pty the process gets a real pseudo-terminal ({@link PtyProcesses}), owned by
 * the user, with the client's modes and a size that follows window-change. A process killed by
 * a signal ends the session with exit-signal, any other with exit-status (RFC 4254 §6.10).
 *
 * <pre>{@code
 * SshServer.builder().accounts(UserAccounts.system()).handler(new ProcessHandler()).build().start();
 * }</pre>
 *
 * <p>An embedded server whose logins are not OS accounts uses {@link #asServerAccount()}: every
 * session then runs as the server's own account, whatever name it logged in with.
 */
public final class ProcessHandler implements SessionHandler {
    private static final System.Logger LOG = System.getLogger(ProcessHandler.class.getName());
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(SshServer.daemon("sshwire-process-pump"));

    private final boolean serverAccount;
    private final String subsystemCommand;
    private final boolean printMotd;
    private final Map<String, String> setEnv;

    /** Sessions run as the login's OS account. */
    public ProcessHandler() {
        this(false, null);
    }

    private ProcessHandler(boolean serverAccount, String subsystemCommand) {
        this(serverAccount, subsystemCommand, true, Map.of());
    }

    private ProcessHandler(boolean serverAccount, String subsystemCommand, boolean printMotd, Map<String, String> setEnv) {
        this.serverAccount = serverAccount;
        this.subsystemCommand = subsystemCommand;
        this.printMotd = printMotd;
        this.setEnv = setEnv;
    }

    /**
     * sshd_config's {@code PrintMotd} (default yes): whether a login shell on a pty shows
     * /etc/motd (unless the account has {@code ~/.hushlogin}). Debian's sshd_config says no,
     * because PAM's pam_motd shows it there.
     *
     * <pre>{@code
     * builder.handler(new ProcessHandler().withPrintMotd(false));
     * }</pre>
     */
    public ProcessHandler withPrintMotd(boolean print) {
        return new ProcessHandler(serverAccount, subsystemCommand, print, setEnv);
    }

    /**
     * sshd_config's {@code SetEnv}: variables every session's process gets, over the client's
     * (AcceptEnv) and the login's USER, HOME, PATH... but under SSH_CLIENT, SSH_CONNECTION,
     * SSH_TTY and SSH_ORIGINAL_COMMAND, in sshd's order (session.c do_setup_env).
     *
     * <pre>{@code
     * builder.handler(new ProcessHandler().withSetEnv(Map.of("LANG", "C.UTF-8")));
     * }</pre>
     */
    public ProcessHandler withSetEnv(Map<String, String> variables) {
        return new ProcessHandler(serverAccount, subsystemCommand, printMotd,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables)));
    }

    /**
     * Every session runs as this server's own account (with that account's HOME and shell), for
     * servers whose login names are not OS accounts. Never use it for a server that runs as root
     * and lets others log in.
     */
    public static ProcessHandler asServerAccount() {
        return new ProcessHandler(true, null);
    }

    /**
     * A subsystem served by a program, as sshd_config's {@code Subsystem name command}: the
     * command runs through the account's shell ({@code $SHELL -c command}) as the login's account.
     *
     * <pre>{@code
     * builder.subsystem("sftp", ProcessHandler.subsystem("/usr/lib/openssh/sftp-server"));
     * }</pre>
     */
    public static ProcessHandler subsystem(String command) {
        return new ProcessHandler(false, java.util.Objects.requireNonNull(command));
    }

    @Override
    public void handle(Session s) throws Exception {
        UserAccount account = account(s);
        String shell = account.shell();
        String shellName = shell.substring(shell.lastIndexOf('/') + 1);
        String command = subsystemCommand != null ? subsystemCommand : s.rawCommand();
        Pty pty = s.pty().orElse(null);
        Map<String, String> env = LoginEnvironment.of(account, s.environment(), pty == null ? null : pty.term(), setEnv,
                s.remoteAddress(), s.connection().localAddress(), s.originalCommand());
        // sshd's do_rc_files: not for subsystems, nor logins whose key or certificate lacks
        // permit-user-rc (sshwire server drops it under sshd_config's ForceCommand, as sshd).
        boolean userRc = subsystemCommand == null && s.permissions() != null
                && s.permissions().hasExtension(Permissions.PERMIT_USER_RC);
        // sshd's do_child: argv[0] "-bash" makes a login shell; a command runs as "bash -c command".
        SessionProcess p = command == null
                ? SessionProcess.start(account, switchesUser(), env, "-" + shellName, shell, List.of(), s, pty,
                        SystemAccounts.ttyGroup(), printMotd, userRc)
                : SessionProcess.start(account, switchesUser(), env, shellName, shell, List.of("-c", command), s, pty,
                        SystemAccounts.ttyGroup(), false, userRc);
        run(s, p, pty == null);
    }

    private boolean switchesUser() {
        return !serverAccount && SystemAccounts.jvmIsRoot();
    }

    private UserAccount account(Session s) throws IOException {
        if (serverAccount) {
            return SystemAccounts.own();
        }
        Optional<UserAccount> a = s.account();
        if (a.isEmpty()) {
            a = UserAccounts.system().lookup(s.user());
        }
        UserAccount account = a.orElseThrow(() -> new IOException("no account " + s.user() + " on this system"
                + (SystemAccounts.jvmIsRoot() ? "" : " that this server (not root) can run sessions as")));
        if (!SystemAccounts.jvmIsRoot() && account.uid() != SystemAccounts.jvmUid()) {
            throw new IOException("cannot run a session as " + account.name() + ": this server does not run as root");
        }
        return account;
    }

    private void run(Session s, SessionProcess sp, boolean separateStderr) throws Exception {
        Process p = sp.process();
        s.context().onCancel(sp::kill);
        // sshd's session_signal_req refuses signals to forced commands and subsystems.
        boolean signalsAllowed = subsystemCommand == null
                && (s.permissions() == null || s.permissions().forceCommand().isEmpty());
        s.onSignal(sig -> {
            if (signalsAllowed && Signals.requestable(sig)) {
                sp.signal(sig);
            }
        });
        if (!separateStderr) {
            s.onBreak(millis -> sp.sendBreak());
        }
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
        SessionProcess.Exit exit = sp.waitFor();
        stderr.get();
        if (exit.signal() != null) {
            s.exitSignal(exit.signal(), exit.coreDumped(), "");
        } else {
            s.exit(exit.status());
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
