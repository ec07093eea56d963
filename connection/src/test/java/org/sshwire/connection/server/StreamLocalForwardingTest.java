package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.ChannelOpenException;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.client.LocalStreamForward;
import org.sshwire.connection.client.RemoteStreamForward;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/** Unix-socket forwarding (OpenSSH PROTOCOL §2.4) between our SshClient and SshServer. */
class StreamLocalForwardingTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ALICE = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final ForwardingPolicy ALLOW = ForwardingPolicy.DENY.withStreamLocal((c, p) -> true, (c, p) -> true);
    static final int SIZE = 1024 * 1024 + 17;

    @TempDir
    Path dir;
    SshServer server;

    SshServer start(ForwardingPolicy policy, Permissions permissions) throws IOException {
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(HOST)
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> k.equals(ALICE.publicKey())
                        ? Optional.of(permissions) : Optional.empty()).build())
                .forwarding(policy).build().start();
        return server;
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
    void directStreamlocalChannelCarriesAMebibyteBothWaysByteExact() throws Exception {
        start(ALLOW, Permissions.DEFAULT);
        try (UnixEcho echo = UnixEcho.start(dir.resolve("echo.sock")); SshClient c = connect()) {
            Channel ch = c.openStreamLocal(echo.path().toString());
            byte[] data = new byte[SIZE];
            new Random(5).nextBytes(data);
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> readAll(ch.getInputStream()));
            try (OutputStream out = ch.getOutputStream()) {
                out.write(data);
            }
            assertTrue(java.util.Arrays.equals(data, back.get(60, TimeUnit.SECONDS)));
        }
    }

    @Test
    void localStreamForwardCarriesDataAndRemovesItsSocketOnClose() throws Exception {
        start(ALLOW, Permissions.DEFAULT);
        Path local = dir.resolve("local.sock");
        try (UnixEcho echo = UnixEcho.start(dir.resolve("echo.sock")); SshClient c = connect()) {
            LocalStreamForward f = c.localStreamForward(local, echo.path().toString());
            try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(local))) {
                assertEquals(UnixEcho.expected(SIZE, 6), UnixEcho.roundTrip(s, SIZE, 6));
            }
            f.close();
            assertFalse(Files.exists(local));
        }
    }

    @Test
    void remoteStreamForwardCarriesDataAndCancelRemovesTheSocketFile() throws Exception {
        start(ALLOW, Permissions.DEFAULT);
        Path remote = dir.resolve("remote.sock");
        try (UnixEcho echo = UnixEcho.start(dir.resolve("echo.sock")); SshClient c = connect()) {
            RemoteStreamForward f = c.remoteStreamForward(remote.toString(), echo.path());
            assertTrue(Files.exists(remote));
            // sshd's default StreamLocalBindMask 0177
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));
            try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(remote))) {
                assertEquals(UnixEcho.expected(SIZE, 7), UnixEcho.roundTrip(s, SIZE, 7));
            }
            f.close(); // waits for the server's reply to cancel-streamlocal-forward
            assertFalse(Files.exists(remote));
            GlobalRequestBody cancel = new GlobalRequestBody.CancelStreamlocalForward(remote.toString());
            assertFalse(c.connection().sendGlobalRequest(cancel.requestName(), true, cancel.toBytes()).success(),
                    "a second cancel finds nothing");
        }
    }

    @Test
    void closingTheConnectionRemovesTheSocketFile() throws Exception {
        start(ALLOW, Permissions.DEFAULT);
        Path remote = dir.resolve("remote.sock");
        try (SshClient c = connect()) {
            c.remoteStreamForward(remote.toString(), dir.resolve("nowhere.sock"));
            assertTrue(Files.exists(remote));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(remote) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(remote), "socket file left behind after the connection closed");
    }

    @Test
    void denyByDefaultRefusesBothDirectionsCleanly() throws Exception {
        start(ForwardingPolicy.loopbackOnly(), Permissions.DEFAULT); // TCP allowed, Unix sockets not
        Path remote = dir.resolve("remote.sock");
        try (UnixEcho echo = UnixEcho.start(dir.resolve("echo.sock")); SshClient c = connect()) {
            ChannelOpenException e = assertThrows(ChannelOpenException.class, () -> c.openStreamLocal(echo.path().toString()));
            assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, e.reason());
            assertThrows(IOException.class, () -> c.remoteStreamForward(remote.toString(), echo.path()));
            assertFalse(Files.exists(remote));
            assertTrue(c.connection().isOpen(), "refusals do not end the connection");
        }
    }

    @Test
    void noPortForwardingInAuthorizedKeysRefusesStreamlocalToo() throws Exception {
        // OpenSSH: no-port-forwarding and restrict turn Unix-socket forwarding off as well.
        start(ALLOW, Permissions.NONE.withExtension(Permissions.PERMIT_PTY, ""));
        Path remote = dir.resolve("remote.sock");
        try (UnixEcho echo = UnixEcho.start(dir.resolve("echo.sock")); SshClient c = connect()) {
            ChannelOpenException e = assertThrows(ChannelOpenException.class, () -> c.openStreamLocal(echo.path().toString()));
            assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, e.reason());
            assertThrows(IOException.class, () -> c.remoteStreamForward(remote.toString(), echo.path()));
            assertFalse(Files.exists(remote));
        }
    }

    @Test
    void thePolicySeesThePathAndDecides() throws Exception {
        Path allowed = dir.resolve("ok");
        Files.createDirectories(allowed);
        start(ForwardingPolicy.DENY.withStreamLocal((c, p) -> p.startsWith(allowed + "/"), (c, p) -> p.startsWith(allowed + "/")),
                Permissions.DEFAULT);
        try (UnixEcho inside = UnixEcho.start(allowed.resolve("in.sock")); UnixEcho outside = UnixEcho.start(dir.resolve("out.sock"));
             SshClient c = connect()) {
            c.openStreamLocal(inside.path().toString()).close();
            assertThrows(ChannelOpenException.class, () -> c.openStreamLocal(outside.path().toString()));
            c.remoteStreamForward(allowed.resolve("r.sock").toString(), inside.path()).close();
            assertThrows(IOException.class, () -> c.remoteStreamForward(dir.resolve("r.sock").toString(), inside.path()));
        }
    }

    @Test
    void overlongAndNulPathsAreRefusedWithoutHarm() throws Exception {
        start(ALLOW, Permissions.DEFAULT);
        String tooLong = "/tmp/" + "x".repeat(StreamLocalPaths.MAX_PATH_BYTES - 4); // 108 bytes
        String longest = "/tmp/" + "x".repeat(StreamLocalPaths.MAX_PATH_BYTES - 5); // 107 bytes
        assertEquals(108, tooLong.length());
        assertEquals(null, StreamLocalPaths.problem(longest));
        try (UnixEcho echo = UnixEcho.start(dir.resolve("echo.sock")); SshClient c = connect()) {
            ChannelOpenException e = assertThrows(ChannelOpenException.class, () -> c.openStreamLocal(tooLong));
            assertEquals(OpenFailureReason.CONNECT_FAILED, e.reason());
            assertTrue(e.getMessage().contains("longer than 107"), e.getMessage());
            e = assertThrows(ChannelOpenException.class, () -> c.openStreamLocal(echo.path() + "\0x"));
            assertEquals(OpenFailureReason.CONNECT_FAILED, e.reason());
            assertThrows(ChannelOpenException.class, () -> c.openStreamLocal(""));
            for (String bad : new String[] {tooLong, dir.resolve("n.sock") + "\0", ""}) {
                GlobalRequestBody b = new GlobalRequestBody.StreamlocalForward(bad);
                GlobalReply r = c.connection().sendGlobalRequest(b.requestName(), true, b.toBytes());
                assertFalse(r.success(), bad);
            }
            assertFalse(Files.exists(dir.resolve("n.sock")));
            Channel ok = c.openStreamLocal(echo.path().toString()); // the connection still works
            ok.close();
        }
    }

    @Test
    void anExistingFileIsNotReplacedUnlessBindUnlinkIsOn() throws Exception {
        Path remote = dir.resolve("taken.sock");
        Files.writeString(remote, "precious");
        start(ALLOW, Permissions.DEFAULT);
        try (SshClient c = connect()) {
            assertThrows(IOException.class, () -> c.remoteStreamForward(remote.toString(), dir.resolve("x.sock")));
            assertEquals("precious", Files.readString(remote));
        }
        server.close();
        start(ALLOW.withStreamLocalBindUnlink(true), Permissions.DEFAULT);
        try (UnixEcho echo = UnixEcho.start(dir.resolve("echo.sock")); SshClient c = connect()) {
            c.remoteStreamForward(remote.toString(), echo.path());
            try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(remote))) {
                assertEquals(UnixEcho.expected(1000, 8), UnixEcho.roundTrip(s, 1000, 8));
            }
            // a second forward on the same path in the same connection is refused, even with unlink
            GlobalRequestBody again = new GlobalRequestBody.StreamlocalForward(remote.toString());
            assertFalse(c.connection().sendGlobalRequest(again.requestName(), true, again.toBytes()).success());
        }
    }

    static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
