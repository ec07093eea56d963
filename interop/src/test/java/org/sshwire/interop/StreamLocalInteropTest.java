package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.LocalStreamForward;
import org.sshwire.connection.client.RemoteStreamForward;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.server.ForwardingPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * Unix-socket forwarding (OpenSSH PROTOCOL §2.4) against the real binaries: OpenSSH {@code ssh -L}
 * / {@code -R} with socket paths against our SshServer, and our SshClient's streamlocal forwards
 * against {@code sshd}.
 */
class StreamLocalInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final int SIZE = 2 * 1024 * 1024 + 3;

    @TempDir
    Path dir;

    private SshServer ourServer() throws IOException {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        return SshServer.builder().listen("127.0.0.1", 0)
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .forwarding(ForwardingPolicy.DENY.withStreamLocal((c, p) -> p.startsWith(dir + "/"), (c, p) -> p.startsWith(dir + "/")))
                .build().start();
    }

    private List<String> ssh(SshServer server, String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", dir.resolve("id").toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", "-o", "ExitOnForwardFailure=yes", "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        cmd.add("test@127.0.0.1");
        return cmd;
    }

    @Test
    void sshLocalSocketForwardToOurServerIsByteExactBothWays() throws Exception {
        try (SshServer server = ourServer(); ServerSocketChannel echo = UnixSockets.echo(dir.resolve("remote.sock"))) {
            Path local = dir.resolve("local.sock");
            Process p = new ProcessBuilder(ssh(server, "-N", "-L", local + ":" + dir.resolve("remote.sock")))
                    .redirectError(dir.resolve("ssh-L.log").toFile()).start();
            try {
                assertEquals(UnixSockets.expected(SIZE, 1), UnixSockets.roundTrip(local, SIZE, 1), () -> log("ssh-L.log"));
                assertEquals(UnixSockets.expected(1000, 2), UnixSockets.roundTrip(local, 1000, 2), "a second connection");
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void sshRemoteSocketForwardFromOurServerIsByteExactBothWaysAndTheFileGoesWithTheConnection() throws Exception {
        try (SshServer server = ourServer(); ServerSocketChannel echo = UnixSockets.echo(dir.resolve("local.sock"))) {
            Path remote = dir.resolve("remote.sock");
            Process p = new ProcessBuilder(ssh(server, "-N", "-R", remote + ":" + dir.resolve("local.sock")))
                    .redirectError(dir.resolve("ssh-R.log").toFile()).start();
            try {
                assertEquals(UnixSockets.expected(SIZE, 3), UnixSockets.roundTrip(remote, SIZE, 3), () -> log("ssh-R.log"));
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            UnixSockets.awaitGone(remote);
            assertFalse(Files.exists(remote), "our server removes the socket file when ssh goes away");
        }
    }

    @Test
    void sshRemoteSocketForwardOutsideThePolicyFails() throws Exception {
        try (SshServer server = ourServer()) {
            Path outside = Files.createTempDirectory("sshwire-out").resolve("r.sock");
            OpenSsh.Result r = OpenSsh.run(ssh(server, "-N", "-R", outside + ":" + dir.resolve("local.sock")), 30);
            assertEquals(255, r.exit(), "ExitOnForwardFailure: ssh gives up when our server refuses");
            assertTrue(r.stderr().contains("remote port forwarding failed") || r.stderr().contains("forward"), r.stderr());
            assertFalse(Files.exists(outside));
        }
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    // ------------------------------------------------------------------ our client against sshd

    @Test
    void ourClientsLocalAndRemoteSocketForwardsThroughSshd() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        SshKeyPair key = SshKeyPair.generate("ssh-ed25519", 0, C);
        Files.write(dir.resolve("authorized_keys"), List.of(SshClientInteropTest.authorizedLine(key)));
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(dir, List.of("AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin yes", "AllowStreamLocalForwarding yes", "StreamLocalBindUnlink yes"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process listening = sshd.startListening(port);
        try (ServerSocketChannel echo = UnixSockets.echo(dir.resolve("echo.sock")); SshClient c = connect(key, port, sshd)) {
            // -L: our local socket → direct-streamlocal → sshd connects to echo.sock
            Path local = dir.resolve("local.sock");
            try (LocalStreamForward f = c.localStreamForward(local, dir.resolve("echo.sock").toString())) {
                assertEquals(UnixSockets.expected(SIZE, 4), UnixSockets.roundTrip(local, SIZE, 4), () -> sshd.log("sshd.log"));
            }
            assertFalse(Files.exists(local));
            // -R: sshd listens on remote.sock → forwarded-streamlocal → our echo.sock
            Path remote = dir.resolve("remote.sock");
            try (RemoteStreamForward f = c.remoteStreamForward(remote.toString(), dir.resolve("echo.sock"))) {
                assertTrue(Files.exists(remote), sshd.log("sshd.log"));
                assertEquals(UnixSockets.expected(SIZE, 5), UnixSockets.roundTrip(remote, SIZE, 5), () -> sshd.log("sshd.log"));
            }
            // a single direct-streamlocal channel
            var ch = c.openStreamLocal(dir.resolve("echo.sock").toString());
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                try {
                    return ch.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            ch.getOutputStream().write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ch.getOutputStream().close();
            assertEquals("ping", new String(back.get(30, TimeUnit.SECONDS), java.nio.charset.StandardCharsets.US_ASCII));
        } finally {
            listening.destroy();
        }
    }

    static SshClient connect(SshKeyPair key, int port, OpenSsh.SshdConfig sshd) throws Exception {
        return connectWith(key, port, sshd, b -> b.hostKeyVerifier(HostKeyVerifier.acceptAny()));
    }

    /** Connects to a just-started sshd, retrying while it is not listening yet (bounded). */
    static SshClient connectWith(SshKeyPair key, int port, OpenSsh.SshdConfig sshd,
                                 java.util.function.UnaryOperator<SshClient.Builder> options) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return options.apply(SshClient.builder(SshClientInteropTest.USER).identity(key).timeout(Duration.ofSeconds(20)))
                        .connect("127.0.0.1", port);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(sshd.log("sshd.log"), e);
                }
                Thread.sleep(100);
            }
        }
    }
}
