package org.sshwire.connection.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One session's process, started the way sshd's {@code do_child} starts it, with tools every
 * Linux system has instead of native code of ours (the JVM cannot change its own identity):
 *
 * <ol>
 * <li>a <b>reaper</b> (perl, as the server's user) with a pty gives the terminal to the user
 *     (owner, group tty, mode 0620 as sshd's {@code pty_setowner}) and applies the client's size
 *     and modes with stty; it then forks the session's process and waits for it, so it learns
 *     what the JVM cannot: whether the process exited (and with which status) or was killed by a
 *     signal (and whether it dumped core). Java reports both "exit 130" and "killed by SIGINT" as
 *     130;</li>
 * <li>without a pty, util-linux {@code setsid} gives that process a session of its own, as sshd's
 *     child calls setsid;</li>
 * <li>when the server runs as root, {@code setpriv} switches to the account's uid, primary gid
 *     and supplementary groups ({@code --init-groups});</li>
 * <li>a <b>launcher</b> (perl, now as the user) sets the session's environment, changes to the
 *     home directory as the user (falling back to "/" with sshd's message), shows /etc/motd for a
 *     login shell on a pty (unless ~/.hushlogin exists, as sshd's PrintMotd), runs ~/.ssh/rc or
 *     /etc/ssh/sshrc as sshd does, and executes the
 *     shell with sshd's argv[0]: "-bash" for a login shell, "bash" for {@code bash -c command}.</li>
 * </ol>
 *
 * The perl stages load the POSIX module only for a pty: loading it costs about 6 ms, three
 * times what all of perl's own start does, and most sessions ({@code ssh host command}, sftp)
 * have no terminal.
 *
 * <p>Both perl stages start with an empty environment and get the session's variables as arguments,
 * so nothing a client sent (PERL5OPT, ...) reaches the one that runs as root.
 */
final class SessionProcess {
    private static final System.Logger LOG = System.getLogger(SessionProcess.class.getName());

    private static final String REAPER = """
            use strict;
            my ($status, $owner, $n) = splice(@ARGV, 0, 3);
            my @stty = splice(@ARGV, 0, $n);
            if ($owner ne '-') {
                require POSIX;
                my $t = POSIX::ttyname(0);
                if (defined $t) { my ($u, $g) = split /:/, $owner; chown $u, $g, $t; chmod 0620, $t; }
                if (@stty) {
                    open(my $err, '>&', \\*STDERR); open(STDERR, '>', '/dev/null');
                    system('stty', @stty);
                    open(STDERR, '>&', $err);
                }
            }
            $SIG{$_} = 'IGNORE' for qw(INT QUIT TSTP TTIN TTOU);
            if ($owner ne '-') {
                # RFC 4335: a break as the line discipline takes one from a serial line (n_tty): ignored
                # with IGNBRK; with BRKINT the queues are flushed and the foreground job gets SIGINT;
                # otherwise it reads as a NUL byte ("\\377\\0\\0" with PARMRK), queued with TIOCSTI
                # (0x5412 on x86, arm and riscv). A pty has no line of its own to break. SIGURG asks
                # for it: ignored by default, so one that comes before this handler is harmless.
                $SIG{URG} = sub { eval {
                    my $t = POSIX::Termios->new;
                    return unless $t->getattr(0);
                    my $i = $t->getiflag;
                    return if $i & POSIX::IGNBRK();
                    if ($i & POSIX::BRKINT()) {
                        POSIX::tcflush(0, POSIX::TCIOFLUSH());
                        my $pg = POSIX::tcgetpgrp(0);
                        kill 'INT', -$pg if $pg > 0;
                        return;
                    }
                    for my $c (($i & POSIX::PARMRK()) ? ("\\377", "\\0", "\\0") : ("\\0")) {
                        my $byte = $c; # ioctl wants a writable buffer
                        ioctl(STDIN, 0x5412, $byte);
                    }
                } };
            }
            my $pid = fork;
            defined $pid or die "sshwire: fork: $!\\n";
            if ($pid == 0) {
                $SIG{$_} = 'DEFAULT' for qw(INT QUIT TSTP TTIN TTOU);
                exec { $ARGV[0] } @ARGV;
                print STDERR "sshwire: $ARGV[0]: $!\\n";
                exit 1;
            }
            $SIG{HUP} = sub { kill 'HUP', $pid };
            $SIG{TERM} = sub { kill 'TERM', $pid };
            waitpid($pid, 0);
            my $st = $?;
            if (open(my $f, '>', $status)) { print $f "$st\\n"; close $f; }
            exit(($st & 127) ? 128 + ($st & 127) : $st >> 8);
            """;

    private static final String LAUNCHER = """
            use strict;
            my ($flags, $n) = splice(@ARGV, 0, 2);
            %ENV = map { split /=/, $_, 2 } splice(@ARGV, 0, $n);
            if ($flags =~ /t/) { require POSIX; my $t = POSIX::ttyname(0); $ENV{SSH_TTY} = $t if defined $t; }
            my $home = $ENV{HOME} // '/';
            unless (chdir $home) { print STDERR "Could not chdir to home directory $home: $!\\n"; chdir '/'; }
            # sshd's do_motd: a login shell on a pty shows /etc/motd unless ~/.hushlogin exists.
            if ($flags =~ /m/ && ! -e "$home/.hushlogin" && open(my $motd, '<', '/etc/motd')) { local $/; print <$motd>; }
            # sshd's do_rc_files: ~/.ssh/rc through the login shell, else /etc/ssh/sshrc, before the
            # session's program; not for subsystems, forced commands or keys without permit-user-rc.
            if ($flags =~ /r/) {
                if (-e "$home/.ssh/rc") { system($ENV{SHELL}, '-c', '/bin/sh .ssh/rc'); }
                elsif (-e '/etc/ssh/sshrc') { system('/bin/sh', '/etc/ssh/sshrc'); }
            }
            my ($argv0, $prog, @args) = @ARGV;
            exec { $prog } $argv0, @args;
            print STDERR "$prog: $!\\n";
            exit 1;
            """;

    /** What the reaper and launcher need from PATH; they run with nothing else. */
    private static final Map<String, String> TOOL_ENV = Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");

    private final Process process;
    private final Path statusFile;

    private SessionProcess(Process process, Path statusFile) {
        this.process = process;
        this.statusFile = statusFile;
    }

    /** How a session's process ended: an exit status, or the signal that killed it. */
    record Exit(int status, String signal, boolean coreDumped) {
    }

    /**
     * Starts {@code program} with {@code argv0} and {@code args} as {@code account}.
     *
     * @param switchUser whether to change to the account's identity (the server runs as root)
     * @param pty        the session's terminal, or null for pipes
     */
    static SessionProcess start(UserAccount account, boolean switchUser, Map<String, String> env, String argv0,
                                String program, List<String> args, Session session, Pty pty, int ttyGroup, boolean motd,
                                boolean userRc)
            throws IOException {
        Path status = statusDirectory().resolve(UUID.randomUUID().toString());
        List<String> argv = new ArrayList<>(List.of("perl", "-e", REAPER, "--", status.toString()));
        if (pty == null) {
            argv.add("-");
            argv.add("0");
        } else {
            argv.add(account.uid() + ":" + (ttyGroup >= 0 ? ttyGroup : account.gid()));
            List<String> stty = SttyArguments.of(pty);
            argv.add(Integer.toString(stty.size()));
            argv.addAll(stty);
        }
        if (pty == null) {
            argv.addAll(List.of("setsid", "--")); // a session of its own, as sshd's child calls setsid
        }
        if (switchUser) {
            argv.addAll(List.of("setpriv", "--reuid=" + account.uid(), "--regid=" + account.gid(), "--init-groups", "--"));
        }
        String flags = (pty == null ? "-" : motd ? "tm" : "t") + (userRc ? "r" : "");
        argv.addAll(List.of("perl", "-e", LAUNCHER, "--", flags, Integer.toString(env.size())));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(argv0);
        argv.add(program);
        argv.addAll(args);
        Process p;
        if (pty != null) {
            p = PtyProcesses.start(argv, TOOL_ENV, session, pty);
        } else {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(TOOL_ENV);
            p = pb.start();
        }
        return new SessionProcess(p, status);
    }

    Process process() {
        return process;
    }

    /**
     * Waits for the end and says how it ended. Without the reaper's word (it was killed itself)
     * the JVM's code is read as the shell's convention: above 128 means a signal.
     */
    Exit waitFor() throws InterruptedException {
        int code = process.waitFor();
        try {
            if (Files.isRegularFile(statusFile)) {
                int raw = Integer.parseInt(Files.readString(statusFile, StandardCharsets.US_ASCII).strip());
                int signal = raw & 0x7f;
                return signal != 0 ? new Exit(-1, Signals.name(signal), (raw & 0x80) != 0) : new Exit((raw >> 8) & 0xff, null, false);
            }
        } catch (IOException | NumberFormatException e) {
            LOG.log(Level.DEBUG, "no exit status from the reaper: " + e);
        } finally {
            try {
                Files.deleteIfExists(statusFile);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot remove " + statusFile + ": " + e);
            }
        }
        String name = code > 128 ? Signals.name(code - 128) : null;
        return name != null ? new Exit(-1, name, false) : new Exit(code, null, false);
    }

    /** Sends a signal to the session's process (not to the reaper), as sshd's session_signal_req does. */
    void signal(String name) {
        long target = child().map(ProcessHandle::pid).orElse(process.pid());
        try {
            new ProcessBuilder("kill", "-s", name, Long.toString(target)).inheritIO().start().waitFor();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "kill failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A break (RFC 4335) on the session's terminal: the reaper applies it as the line discipline would. */
    void sendBreak() {
        try {
            new ProcessBuilder("kill", "-s", "URG", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "kill failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the session's process and its reaper (the connection is gone). */
    void kill() {
        child().ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private Optional<ProcessHandle> child() {
        // By pid: pty4j's Process does not implement toHandle().
        return ProcessHandle.of(process.pid()).flatMap(h -> h.children().findFirst());
    }

    private static Path statusDir;

    /** A directory only this JVM's user can enter, for the reapers' reports. */
    private static synchronized Path statusDirectory() throws IOException {
        if (statusDir == null || !Files.isDirectory(statusDir)) {
            statusDir = Files.createTempDirectory("sshwire-exit-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            statusDir.toFile().deleteOnExit();
        }
        return statusDir;
    }
}
