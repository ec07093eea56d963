package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.channel.ChannelOpenException;
import org.sshwire.connection.channel.ChannelTap;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;

/** Our SshServer and SshClient over real loopback sockets with the NIO driver. */
class SshServerClientTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ALICE = SshKeyPair.generate("ssh-ed25519", 0, C);

    SshServer server;

    static ServerAuthPolicy aliceOnly() {
        return ServerAuthPolicy.builder()
                .publicKeys((user, key, addr) -> user.equals("alice") && key.equals(ALICE.publicKey())
                        ? Optional.of(Permissions.DEFAULT) : Optional.empty())
                .build();
    }

    SshServer.Builder base() {
        return SshServer.builder().listen("127.0.0.1", 0).hostKey(HOST).auth(aliceOnly());
    }

    SshClient connect() throws IOException {
        return SshClient.builder("alice").identity(ALICE).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(HOST.publicKey())).connect("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void execReportsStdoutStderrEnvironmentAndExitStatus() throws Exception {
        server = base().handler(s -> {
            s.stdout().write((s.command() + " " + s.environment().get("LANG")).getBytes(StandardCharsets.UTF_8));
            s.stderr().write("warn".getBytes(StandardCharsets.UTF_8));
            s.exit(7);
        }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.openSession();
            assertTrue(s.setenv("LANG", "C.UTF-8"));
            s.exec("echo 'a b' c");
            assertEquals("[echo, a b, c] C.UTF-8", new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("warn", new String(s.stderr().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(7, s.waitFor());
            assertEquals("alice", c.connection().user());
            assertTrue(c.info().serverVersion().startsWith("SSH-2.0-sshwire"));
        }
    }

    @Test
    void sixteenMebibytesThroughCatWithA32KiBWindowArriveByteExact() throws Exception {
        server = base().connectionConfig(ConnectionConfig.server().withInitialWindow(32 * 1024))
                .handler(s -> s.stdin().transferTo(s.stdout())).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("cat");
            byte[] data = new byte[16 * 1024 * 1024];
            new Random(1).nextBytes(data);
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> digest(s.stdout()));
            s.stdin().write(data);
            s.stdin().close();
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), back.get(60, TimeUnit.SECONDS));
            assertEquals(0, s.waitFor());
        }
    }

    static byte[] digest(InputStream in) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shellOnARealPtyReportsItsSizeAndFollowsWindowChange() throws Exception {
        server = base().handler(ProcessHandler.asServerAccount()).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.openSession();
            assertTrue(s.requestPty("xterm", 120, 40));
            s.shell();
            PtyReader out = new PtyReader(s.stdout());
            s.stdin().write("stty size; tty\n".getBytes(StandardCharsets.UTF_8));
            s.stdin().flush();
            out.awaitText("40 120", Duration.ofSeconds(20));
            out.awaitText("/dev/pts/", Duration.ofSeconds(20));
            s.windowChange(132, 50);
            // The resize reaches the pty on the handler's side while typed input flows on its own,
            // as with a real terminal: ask again until the new size shows, within a deadline.
            boolean resized = false;
            for (int i = 0; i < 20 && !resized; i++) {
                s.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
                s.stdin().flush();
                resized = out.sawWithin("50 132", Duration.ofSeconds(1));
            }
            assertTrue(resized, "stty size never reported 50 132");
            s.stdin().write("exit 7\n".getBytes(StandardCharsets.UTF_8));
            s.stdin().flush();
            assertEquals(7, s.waitFor());
        }
    }

    /** Collects what a terminal prints, so a test can wait for text with a deadline. */
    static final class PtyReader {
        private final StringBuffer seen = new StringBuffer();

        PtyReader(java.io.InputStream in) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the session ended
                }
            }, "pty-reader");
            t.setDaemon(true);
            t.start();
        }

        synchronized boolean sawWithin(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        /** Everything read so far. */
        String text() {
            return seen.toString();
        }

        synchronized void awaitText(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no '" + text + "' in terminal output: " + seen);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Test
    void processHandlerRunsARealCommandWithExitStatusAndStderr() throws Exception {
        server = base().handler(ProcessHandler.asServerAccount()).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("read x; echo \"got $x\"; echo oops >&2; exit 3");
            s.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            s.stdin().close();
            assertEquals("got hello\n", new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("oops\n", new String(s.stderr().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(3, s.waitFor());
        }
    }

    @Test
    void processKilledBySignalEndsWithExitSignal() throws Exception {
        server = base().handler(ProcessHandler.asServerAccount()).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("echo ready; exec sleep 30");
            byte[] ready = new byte[6];
            assertEquals(6, s.stdout().readNBytes(ready, 0, 6));
            s.signal("TERM");
            assertEquals(-1, s.waitFor());
            assertEquals("TERM", s.exitSignal());
        }
    }

    @Test
    void signalsBeforeTheListenerAreBufferedAndDelivered() throws Exception {
        CompletableFuture<List<String>> got = new CompletableFuture<>();
        server = base().handler(s -> {
            s.stdin().read(); // the client sends its signals, then one byte
            List<String> sigs = new CopyOnWriteArrayList<>();
            s.onSignal(sig -> {
                sigs.add(sig);
                if (sigs.size() == 2) {
                    got.complete(sigs);
                }
            });
            got.get(20, TimeUnit.SECONDS);
        }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("x");
            s.signal("INT");
            s.signal("USR1");
            s.stdin().write(1);
            s.stdin().flush();
            assertEquals(List.of("INT", "USR1"), got.get(20, TimeUnit.SECONDS));
            assertEquals(0, s.waitFor());
        }
    }

    @Test
    void unknownChannelTypeIsATypedRejectionAndGlobalRequestsReply() throws Exception {
        server = base().handler(s -> { })
                .globalRequest("ping@sshwire", (conn, req) -> new GlobalReply(true, Bytes.utf8("pong")))
                .build().start();
        try (SshClient c = connect()) {
            ChannelOpenException e = assertThrows(ChannelOpenException.class,
                    () -> c.connection().openChannel("nonsense@sshwire", Bytes.EMPTY));
            assertEquals(OpenFailureReason.UNKNOWN_CHANNEL_TYPE, e.reason());
            assertEquals(new GlobalReply(true, Bytes.utf8("pong")), c.connection().sendGlobalRequest("ping@sshwire", true, Bytes.EMPTY));
            assertFalse(c.connection().sendGlobalRequest("other@sshwire", true, Bytes.EMPTY).success());
            ChannelOpenException fwd = assertThrows(ChannelOpenException.class,
                    () -> c.connection().openChannel(new org.sshwire.connection.message.ChannelOpenData.DirectTcpip("127.0.0.1", 1, "127.0.0.1", 2)));
            assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, fwd.reason()); // deny by default
        }
    }

    @Test
    void theTapSeesBothDirectionsAndTheContextIsCancelledOnClose() throws Exception {
        ByteArrayOutputStream fromPeer = new ByteArrayOutputStream();
        ByteArrayOutputStream toPeer = new ByteArrayOutputStream();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        ChannelTap tap = (ch, dir, stream, data) -> {
            synchronized (fromPeer) {
                (dir == ChannelTap.Direction.FROM_PEER ? fromPeer : toPeer).writeBytes(data.toArray());
            }
        };
        server = base().tap(tap).handler(s -> {
            s.context().onCancel(() -> cancelled.complete(null));
            OutputStream out = s.stdout();
            out.write(s.stdin().readAllBytes());
        }).build().start();
        SshClient c = connect();
        ClientSession s = c.exec("echo");
        s.stdin().write("abc".getBytes(StandardCharsets.UTF_8));
        s.stdin().close();
        assertEquals("abc", new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
        s.waitFor();
        c.close();
        cancelled.get(20, TimeUnit.SECONDS);
        synchronized (fromPeer) {
            assertEquals("abc", fromPeer.toString(StandardCharsets.UTF_8));
            assertEquals("abc", toPeer.toString(StandardCharsets.UTF_8));
        }
        assertTrue(c.connection().awaitClose(Duration.ofSeconds(20)));
    }

    @Test
    void aRefusedLoginReportsTheMethodsTriedAndAllowed() throws Exception {
        server = base().build().start();
        IOException e = assertThrows(IOException.class, () -> SshClient.builder("alice")
                .identity(org.sshwire.transport.keys.SshKeyPair.generate("ssh-ed25519", 0, org.sshwire.transport.crypto.CryptoBackend.defaultBackend()))
                .timeout(Duration.ofSeconds(20)).hostKeyVerifier((h, p, k) -> true).connect("127.0.0.1", server.port()));
        assertTrue(e.getCause() instanceof org.sshwire.auth.AuthenticationException, () -> "got " + e);
        assertTrue(e.getCause().getMessage().contains("publickey"), e.getCause().getMessage());
    }

    @Test
    void wrongHostKeyIsRefused() throws Exception {
        server = base().handler(s -> { }).build().start();
        assertThrows(IOException.class, () -> SshClient.builder("alice").identity(ALICE)
                .hostKeyVerifier(HostKeyVerifier.knownHosts(java.nio.file.Files.writeString(
                        java.nio.file.Files.createTempFile("kh", ""), "")))
                .connect("127.0.0.1", server.port()));
        assertEquals(Map.of(), Map.of());
    }
}
