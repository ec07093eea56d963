package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sshwire ssh} against this machine's sshd, run through the launcher as a user would. */
class SshCommandTest {
    @TempDir
    static Path dir;
    static Process sshd;
    static int port;
    static Path key;
    static String hostFingerprint;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30).exit());
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
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
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-p", String.valueOf(port),
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
        assertTrue(r.stderr().contains("Warning: permanently added [127.0.0.1]:" + port + " (" + hostFingerprint + ")"), r.stderr());
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
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-p", String.valueOf(port),
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
        OpenSsh.Result refused = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-p", String.valueOf(closed),
                "127.0.0.1", "true"), 120);
        assertEquals(255, refused.exit());
        assertEquals("sshwire: 127.0.0.1: connection refused: Connection refused", refused.stderr().strip());

        OpenSsh.Result noCipher = sshwire(dir.resolve("kh-any2"), "-o", "StrictHostKeyChecking=no", "-o", "Ciphers=aes128-ctr",
                user() + "@127.0.0.1", "true");
        assertEquals(255, noCipher.exit());
        assertEquals("sshwire: 127.0.0.1: no matching cipher found: client aes128-ctr server aes256-gcm@openssh.com,chacha20-poly1305@openssh.com",
                noCipher.stderr().strip());
    }
}
