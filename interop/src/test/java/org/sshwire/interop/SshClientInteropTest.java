package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
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

    @Test
    void killedCommandGivesExitSignal() throws Exception {
        try (SshClient c = connect()) {
            ClientSession s = c.exec("kill -TERM $$");
            assertEquals(-1, s.waitFor());
            assertEquals("TERM", s.exitSignal());
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
