package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.CommandResult;
import org.sshwire.connection.client.ExitStatus;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/** Our SshClient against OpenSSH {@code sshd}: over TCP on 127.0.0.1 and over {@code sshd -i} pipes. */
class SshClientInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final String USER = System.getProperty("user.name");

    @TempDir
    static Path dir;
    static OpenSsh.SshdConfig sshd;
    static Process listening;
    static int port;
    static SshKeyPair key;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        key = SshKeyPair.generate("ssh-ed25519", 0, C);
        Files.write(dir.resolve("authorized_keys"), List.of(authorizedLine(key)));
        sshd = new OpenSsh.SshdConfig(dir, List.of("AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin yes", "AcceptEnv SSHWIRE_*", "SetEnv SHLVL=1"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        listening = sshd.startListening(port);
    }

    static String authorizedLine(SshKeyPair k) {
        return k.publicKey().keyType() + " " + java.util.Base64.getEncoder().encodeToString(k.publicKey().blob().toArray());
    }

    @AfterAll
    static void stop() {
        if (listening != null) {
            listening.destroy();
        }
    }

    static SshClient connect() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return SshClient.builder(USER).identity(key).timeout(Duration.ofSeconds(20))
                        .hostKeyVerifier(HostKeyVerifier.acceptAny()).connect("127.0.0.1", port);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(sshd.log("sshd.log"), e);
                }
                new CompletableFuture<Void>().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            }
        }
    }

    @Test
    void execWithStdinStdoutStderrEnvAndExitStatus() throws Exception {
        try (SshClient c = connect()) {
            ClientSession s = c.openSession();
            assertTrue(s.setenv("SSHWIRE_X", "from-us"), sshd.log("sshd.log"));
            s.exec("read x; echo \"$x $SSHWIRE_X\"; echo err >&2; exit 4");
            s.stdin().write("hi\n".getBytes(StandardCharsets.UTF_8));
            s.stdin().close();
            assertEquals("hi from-us\n", new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("err\n", new String(s.stderr().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(4, s.waitFor());
            assertTrue(c.info().serverVersion().startsWith("SSH-2.0-OpenSSH"));
        }
    }

    /** {@code yes LINE | head -c N}: N bytes of LINE followed by a newline, over and over. */
    static byte[] repeated(String line, int n) {
        byte[] unit = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = unit[i % unit.length];
        }
        return b;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readingStdoutToTheEndBeforeSeveralMebibytesOfStderrCompletes() throws Exception {
        int n = 6 * 1024 * 1024;
        try (SshClient c = connect()) {
            // All of stderr first, then stdout; read in the order the Javadoc used to show.
            ClientSession s = c.exec("yes to-stderr | head -c " + n + " >&2; yes to-stdout | head -c " + n);
            assertArrayEquals(repeated("to-stdout", n), s.stdout().readAllBytes());
            assertArrayEquals(repeated("to-stderr", n), s.stderr().readAllBytes());
            assertEquals(0, s.waitFor());
        }
    }

    @Test
    void killedCommandGivesExitSignal() throws Exception {
        try (SshClient c = connect()) {
            ClientSession s = c.exec("kill -TERM $$");
            assertEquals(-1, s.waitFor());
            assertEquals("TERM", s.exitSignal());
        }
    }

    @Test
    void collectGivesBothStreamsAndTheExitCode() throws Exception {
        try (SshClient c = connect()) {
            for (int code : new int[] {0, 1, 255}) {
                CommandResult r = c.exec("echo out; echo err >&2; exit " + code).collect();
                assertEquals("out\n", r.stdoutText());
                assertEquals("err\n", r.stderrText());
                assertEquals(new ExitStatus.Code(code), r.exit());
            }
        }
    }

    @Test
    void collectOfAKilledCommandGivesTheSignal() throws Exception {
        try (SshClient c = connect()) {
            ClientSession s = c.exec("echo before; kill -TERM $$; echo after");
            CommandResult r = s.collect();
            assertEquals("before\n", r.stdoutText());
            assertEquals(new ExitStatus.Signal("TERM", false, ""), r.exit());
            assertEquals(-1, s.waitFor());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void collectKeepsSeveralMebibytesOfEachStream() throws Exception {
        int n = 6 * 1024 * 1024;
        try (SshClient c = connect()) {
            // Both at once, in whatever interleaving the pipes give.
            CommandResult r = c.exec("yes to-stderr | head -c " + n + " >&2 & yes to-stdout | head -c " + n + "; wait").collect();
            assertArrayEquals(repeated("to-stdout", n), r.stdout().toArray());
            assertArrayEquals(repeated("to-stderr", n), r.stderr().toArray());
            assertEquals(new ExitStatus.Code(0), r.exit());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void endlessOutputStopsAtTheCollectLimitAndTheConnectionGoesOn() throws Exception {
        try (SshClient c = connect()) {
            ClientSession s = c.exec("yes");
            IOException e = assertThrows(IOException.class, () -> s.collect(1024 * 1024));
            assertTrue(e.getMessage().startsWith("stdout of command 'yes' went over the 1048576-byte limit"), e.getMessage());
            assertTrue(s.channel().awaitClose(Duration.ofSeconds(30)), "sshd did not close the channel of the stopped command");
            assertEquals("still here\n", c.exec("echo still here").collect().stdoutText());
        }
    }

    @Test
    void thirtyTwoMebibytesThroughCatOverSshdInetd() throws Exception {
        Process p = sshd.startInetd();
        try (SshClient c = SshClient.builder(USER).identity(key).hostKeyVerifier(HostKeyVerifier.acceptAny())
                .connect(p.getInputStream(), p.getOutputStream(), "sshd-i")) {
            ClientSession s = c.exec("cat");
            byte[] data = new byte[32 * 1024 * 1024];
            new Random(3).nextBytes(data);
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> SshServerInteropTest.sha(s.stdout()));
            s.stdin().write(data);
            s.stdin().close();
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), back.get(120, TimeUnit.SECONDS));
            assertEquals(0, s.waitFor());
        } finally {
            p.destroy();
        }
    }
    @Test
    void aRemoteForwardThroughSshdStopsListeningWhenItsHandleIsClosed() throws Exception {
        try (SshClient c = connect(); ServerSocket target = SshServerInteropTest.upperEcho()) {
            org.sshwire.connection.client.RemoteForward chosen = c.remoteForward("127.0.0.1", 0, "127.0.0.1", target.getLocalPort());
            int port = chosen.boundPort();
            assertEquals("HELLO", SshServerInteropTest.roundTrip(port));
            chosen.close();
            org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class,
                    () -> new java.net.Socket(InetAddress.getLoopbackAddress(), port).close(), sshd.log("sshd.log"));
            // The same port asked for by number, cancelled by number (what sshd's channel_cancel_rport_listener matches).
            try (ServerSocket target2 = SshServerInteropTest.upperEcho(); // upperEcho answers one connection
                 org.sshwire.connection.client.RemoteForward fixed = c.remoteForward("127.0.0.1", port, "127.0.0.1", target2.getLocalPort())) {
                assertEquals(port, fixed.boundPort());
                assertEquals("HELLO", SshServerInteropTest.roundTrip(port));
            }
            org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class,
                    () -> new java.net.Socket(InetAddress.getLoopbackAddress(), port).close());
        }
    }

    @Test
    void aLocalForwardThroughSshdListensOnTheBindAddressItIsGiven() throws Exception {
        try (SshClient c = connect(); ServerSocket target = SshServerInteropTest.upperEcho();
             org.sshwire.connection.client.LocalForward all = c.localForward("*", 0, "127.0.0.1", target.getLocalPort())) {
            assertTrue(all.localAddress().getAddress().isAnyLocalAddress(), all.localAddress().toString());
            assertEquals("HELLO", SshServerInteropTest.roundTrip(all.port()));
        }
    }
}
