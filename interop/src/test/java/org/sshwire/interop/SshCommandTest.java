package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/** {@code sshwire ssh} against this machine's sshd, run through the launcher as a user would. */
class SshCommandTest {
    @TempDir
    static Path dir;
    static Process sshd;
    static int port;
    static Path key;
    static String hostFingerprint;
    static Path sshdDir;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30).exit());
        sshdDir = Files.createDirectories(dir.resolve("sshd"));
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(sshdDir, List.of(
                "AuthorizedKeysFile " + key + ".pub", "PermitRootLogin prohibit-password",
                "Ciphers aes256-gcm@openssh.com,chacha20-poly1305@openssh.com", "HostKeyAlgorithms ssh-ed25519"));
        hostFingerprint = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-l", "-f",
                cfg.dir.resolve("host_ed255190.pub").toString()), 30).stdout().split(" ")[1];
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        sshd = cfg.startListening(port);
        TransportInteropTest.connectWithRetry(port).close();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    static OpenSsh.Result sshwire(Path knownHosts, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-i", key.toString(), "-o", "UserKnownHostsFile=" + knownHosts));
        cmd.addAll(List.of(args));
        return OpenSsh.run(cmd, 120);
    }

    String user() {
        return System.getProperty("user.name");
    }

    @Test
    void runsACommandPassingStreamsAndExitStatusAndLearnsTheHostKey() throws Exception {
        Path kh = dir.resolve("kh-new");
        OpenSsh.Result r = sshwire(kh, "-o", "StrictHostKeyChecking=accept-new", user() + "@127.0.0.1", "echo out; echo err >&2; exit 3");
        assertEquals(3, r.exit(), r.stderr());
        assertEquals("out\n", r.stdout());
        assertTrue(r.stderr().contains("err\n"), r.stderr());
        // ssh 9.2's line, word for word.
        assertTrue(r.stderr().contains("Warning: Permanently added '[127.0.0.1]:" + port + "' (ED25519) to the list of known hosts.\n"),
                r.stderr());
        // Now known: the default StrictHostKeyChecking=yes accepts it.
        OpenSsh.Result again = sshwire(kh, user() + "@127.0.0.1", "echo", "again");
        assertEquals(0, again.exit(), again.stderr());
        assertEquals("again\n", again.stdout());
    }

    @Test
    void unknownAndChangedHostKeysAreOneActionableLine() throws Exception {
        Path empty = dir.resolve("kh-empty");
        OpenSsh.Result unknown = sshwire(empty, user() + "@127.0.0.1", "true");
        assertEquals(255, unknown.exit());
        assertEquals("sshwire: host key for [127.0.0.1]:" + port + " is not known (" + hostFingerprint + "); add it to "
                + empty + " or use -o StrictHostKeyChecking=accept-new", unknown.stderr().strip());

        Path wrong = dir.resolve("kh-wrong");
        String otherKey = Files.readString(key.resolveSibling("id.pub")).split(" ")[1];
        Files.writeString(wrong, "[127.0.0.1]:" + port + " ssh-ed25519 " + otherKey + "\n");
        OpenSsh.Result changed = sshwire(wrong, user() + "@127.0.0.1", "true");
        assertEquals(255, changed.exit());
        assertEquals("sshwire: host key for [127.0.0.1]:" + port + " has changed (now " + hostFingerprint
                + "); remove the old entry from " + wrong + " if this is expected", changed.stderr().strip());
    }

    @Test
    void authFailureRefusalAndNegotiationFailureAreOneActionableLine() throws Exception {
        Path other = dir.resolve("other");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", other.toString()), 30).exit());
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-i", other.toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh-any"),
                user() + "@127.0.0.1", "true"));
        OpenSsh.Result denied = OpenSsh.run(cmd, 120);
        assertEquals(255, denied.exit());
        String line = denied.stderr().lines().filter(l -> l.startsWith("sshwire: ")).findFirst().orElse(denied.stderr());
        assertTrue(line.startsWith("sshwire: " + user() + "@127.0.0.1: permission denied (") && line.contains("publickey"), line);

        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        OpenSsh.Result refused = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(closed),
                "127.0.0.1", "true"), 120);
        assertEquals(255, refused.exit());
        assertEquals("sshwire: 127.0.0.1: connection refused: Connection refused", refused.stderr().strip());

        OpenSsh.Result noCipher = sshwire(dir.resolve("kh-any2"), "-o", "StrictHostKeyChecking=no", "-o", "Ciphers=aes128-ctr",
                user() + "@127.0.0.1", "true");
        assertEquals(255, noCipher.exit());
        assertEquals("sshwire: 127.0.0.1: no matching cipher found: client aes128-ctr server aes256-gcm@openssh.com,chacha20-poly1305@openssh.com",
                noCipher.stderr().strip());
    }

    List<String> sshwireArgs(Path knownHosts, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-i", key.toString(), "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=no"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Without a command and without a terminal, ssh runs the login shell on its standard input. */
    @Test
    void shellWithoutATerminalReadsItsScriptFromStdin() {
        OpenSsh.Result r = OpenSsh.run(sshwireArgs(dir.resolve("kh-shell"), user() + "@127.0.0.1"),
                "echo from-shell; exit 4\n".getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(4, r.exit(), r.stderr());
        assertEquals("from-shell\n", r.stdout());
        assertTrue(r.stderr().contains("Pseudo-terminal will not be allocated because stdin is not a terminal."), r.stderr());
    }

    /** {@code -tt} forces a pty even without a local terminal: the command sees a tty. */
    @Test
    void doubleTForcesAPtyWithoutATerminal() {
        OpenSsh.Result r = OpenSsh.run(sshwireArgs(dir.resolve("kh-tt"), "-tt", user() + "@127.0.0.1", "tty; stty size"), 120);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().startsWith("/dev/pts/"), r.stdout());
        assertTrue(r.stdout().contains("24 80"), r.stdout());
    }

    /**
     * An interactive shell in a real terminal: the remote pty has the terminal's size and follows
     * it, the exit status comes back, and {@code ~.} disconnects and leaves the terminal as it was
     * (canonical mode and echo restored).
     */
    @Test
    void interactiveShellFollowsTheTerminalAndRestoresItOnEscapeDisconnect() throws Exception {
        String ssh = Tmux.shellLine(sshwireArgs(dir.resolve("kh-tmux"), user() + "@127.0.0.1"));
        String wrapped = ssh + "; echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo; exec sleep 60";
        try (Tmux t = Tmux.start(dir, 100, 30, "sh -c " + Tmux.shellLine(List.of(wrapped)))) {
            t.awaitAnswer("stty size", "30 100");
            t.resize(120, 40);
            t.awaitAnswer("stty size", "40 120");
            t.type("Enter");
            t.type("~.");
            String screen = t.awaitLine(l -> l.startsWith("EXIT="), "the exit status");
            assertTrue(screen.contains("EXIT=255"), screen);
            assertTrue(screen.contains("Connection to 127.0.0.1 closed."), screen);
            assertTrue(screen.lines().anyMatch(l -> l.strip().equals("icanon echo")), screen);
        }
        try (Tmux t = Tmux.start(dir, 80, 24, "sh -c " + Tmux.shellLine(List.of(ssh + "; echo EXIT=$?; exec sleep 60")))) {
            t.awaitAnswer("echo ready", "ready");
            t.type("exit 7", "Enter");
            String screen = t.awaitLine(l -> l.startsWith("EXIT="), "the exit status");
            assertTrue(screen.contains("EXIT=7"), screen);
        }
    }

    @Test
    void localForwardWithNoCommandCarriesData() throws Exception {
        try (ServerSocket target = SshServerInteropTest.upperEcho()) {
            int local = SshServerInteropTest.freePort();
            Process p = new ProcessBuilder(sshwireArgs(dir.resolve("kh-L"), "-N",
                    "-L", local + ":127.0.0.1:" + target.getLocalPort(), user() + "@127.0.0.1")).start();
            try {
                assertEquals("HELLO", SshServerInteropTest.roundTrip(local));
            } finally {
                p.destroy();
            }
        }
    }

    @Test
    void remoteForwardWithNoCommandCarriesData() throws Exception {
        try (ServerSocket target = SshServerInteropTest.upperEcho()) {
            int remote = SshServerInteropTest.freePort();
            Process p = new ProcessBuilder(sshwireArgs(dir.resolve("kh-R"), "-N",
                    "-R", "127.0.0.1:" + remote + ":127.0.0.1:" + target.getLocalPort(), user() + "@127.0.0.1")).start();
            try {
                assertEquals("HELLO", SshServerInteropTest.roundTrip(remote));
            } finally {
                p.destroy();
            }
        }
    }

    @Test
    void badForwardSpecificationIsOneLine() {
        OpenSsh.Result r = OpenSsh.run(sshwireArgs(dir.resolve("kh-bad"), "-N", "-L", "8080:80", user() + "@127.0.0.1"), 120);
        // ssh's words and exit status (ssh.c: fatal "Bad local forwarding specification").
        assertEquals(255, r.exit());
        assertEquals("sshwire: Bad local forwarding specification '8080:80'", r.stderr().strip());
    }

    /** {@code -L sock:sock} and {@code -R sock:sock}: Unix-socket forwards through sshd, byte-exact. */
    @Test
    void unixSocketForwardsBothWays() throws Exception {
        Path target = dir.resolve("target.sock");
        try (java.nio.channels.ServerSocketChannel echo = UnixSockets.echo(target)) {
            Path local = dir.resolve("L.sock");
            Process p = new ProcessBuilder(sshwireArgs(dir.resolve("kh-uL"), "-N", "-L", local + ":" + target, user() + "@127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("uL.log").toFile()).start();
            try {
                assertEquals(UnixSockets.expected(1 << 20, 5), UnixSockets.roundTrip(local, 1 << 20, 5));
            } finally {
                p.destroy();
            }
            Path remote = dir.resolve("R.sock");
            Process q = new ProcessBuilder(sshwireArgs(dir.resolve("kh-uR"), "-N", "-R", remote + ":" + target, user() + "@127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("uR.log").toFile()).start();
            try {
                assertEquals(UnixSockets.expected(1 << 20, 6), UnixSockets.roundTrip(remote, 1 << 20, 6));
            } finally {
                q.destroy();
            }
        }
    }

    /** {@code UpdateHostKeys=yes}: the keys sshd proves it holds are added beside the one we knew. */
    @Test
    void updateHostKeysLearnsEveryKeySshdProves() throws Exception {
        Path kh = dir.resolve("kh-update");
        String ed25519 = Files.readString(sshdDir.resolve("host_ed255190.pub")).split(" ")[1];
        Files.writeString(kh, "[127.0.0.1]:" + port + " ssh-ed25519 " + ed25519 + "\n");
        OpenSsh.Result r = sshwire(kh, "-o", "UpdateHostKeys=yes", user() + "@127.0.0.1", "sleep 2");
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = Files.readAllLines(kh);
        assertEquals(5, lines.size(), String.join("\n", lines) + "\n" + r.stderr());
        for (String pub : List.of("host_ecdsa256", "host_ecdsa384", "host_ecdsa521", "host_rsa3072")) {
            String blob = Files.readString(sshdDir.resolve(pub + ".pub")).split(" ")[1];
            assertTrue(lines.stream().anyMatch(l -> l.contains(blob)), pub + " learned:\n" + String.join("\n", lines));
        }
    }

    /** The default, StrictHostKeyChecking=ask, asks on a terminal; "yes" trusts and records the key. */
    @Test
    void anUnknownHostKeyIsAskedAboutOnATerminal() throws Exception {
        Path kh = dir.resolve("kh-ask");
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-i", key.toString(), "-o", "UserKnownHostsFile=" + kh, user() + "@127.0.0.1", "echo asked-and-in"));
        try (Tmux t = Tmux.start(dir, 120, 30, "sh -c " + Tmux.shellLine(List.of(Tmux.shellLine(cmd) + "; exec sleep 60")))) {
            t.awaitLine(l -> l.startsWith("Are you sure you want to continue connecting (yes/no/[fingerprint])?"), "the question");
            assertTrue(t.screen().contains("ED25519 key fingerprint is " + hostFingerprint + ".")
                    || t.screen().contains("ssh-ed25519 key fingerprint is " + hostFingerprint + "."), t.screen());
            t.type("yes", "Enter");
            t.awaitLine(l -> l.equals("asked-and-in"), "the command's output");
        }
        assertTrue(Files.readString(kh).startsWith("[127.0.0.1]:" + port + " ssh-ed25519 "), Files.readString(kh));
    }
}
