package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.sshwire.connection.internal.channel.ConnectionInternals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.connection.internal.channel.RoundTripProbe;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.RekeyPolicy;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.MessageNumbers;

/**
 * Issue 6's bulk transfers, both directions at once through {@code cat}, byte-exact by SHA-256:
 * OpenSSH {@code ssh} against our server and our client against {@code sshd}, each with a 32 KiB
 * and a 16 MiB channel window on our side, and key re-exchanges forced every quarter of the
 * transfer. 1 GiB by default; {@code -Dsshwire.bulkBytes=N} changes it.
 */
// A stall in flow control must fail the test, not hang the build: one 1 GiB echo takes about a minute.
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class BulkTransferInteropTest {
    static final long SIZE = Long.getLong("sshwire.bulkBytes", 1L << 30);
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final String USER = System.getProperty("user.name");

    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static SshKeyPair key;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        key = SshKeyPair.generate("ssh-ed25519", 0, C);
        Files.write(dir.resolve("authorized_keys"), List.of(SshClientInteropTest.authorizedLine(key)));
        Files.writeString(dir.resolve("id"), new String(org.sshwire.transport.keys.KeyFiles.writeOpenSsh(key, null, "bulk", C),
                java.nio.charset.StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(dir.resolve("id"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PermitRootLogin yes", "SetEnv SHLVL=1"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = s.getLocalPort();
        }
        sshd = cfg.startListening(sshdPort);
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    @ParameterizedTest(name = "window {0}, {1}")
    @CsvSource({"32768, chacha20-poly1305@openssh.com", "16777216, aes128-gcm@openssh.com"})
    void opensshThroughOurServer(long window, String cipher) throws Exception {
        SshServer server = SshServer.builder().listen("127.0.0.1", 0)
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .handler(new ProcessHandler())
                .connectionConfig(ConnectionConfig.server().withInitialWindow(window))
                .build().start();
        try {
            Path log = dir.resolve("ssh-" + window + ".log");
            Process p = new ProcessBuilder(OpenSsh.SSH.toString(), "-F", "/dev/null", "-v", "-i", dir.resolve("id").toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "-o", "RekeyLimit=" + SIZE / 4, "-c", cipher, "-p", Integer.toString(server.port()), USER + "@127.0.0.1", "cat")
                    .redirectError(log.toFile()).start();
            CompletableFuture<Long> limit = CompletableFuture.supplyAsync(() -> serverLimit(server));
            echo(p.getOutputStream(), p.getInputStream());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            // OpenSSH's ssh is probed after login, and on 127.0.0.1 gets a send-ahead limit
            long sendAhead = limit.get(30, TimeUnit.SECONDS);
            assertTrue(sendAhead >= RoundTripProbe.FLOOR && sendAhead < Long.MAX_VALUE, "send-ahead limit " + sendAhead);
            assertEquals(0, p.exitValue(), Files.readString(log));
            long newKeys = Files.readAllLines(log).stream().filter(l -> l.contains("SSH2_MSG_NEWKEYS received")).count();
            assertTrue(newKeys >= 4, "the first key exchange and at least three forced ones; saw " + newKeys);
        } finally {
            server.close();
        }
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(longs = {32 * 1024, 16 * 1024 * 1024})
    void ourClientThroughSshd(long window) throws Exception {
        AtomicInteger newKeys = new AtomicInteger();
        try (SshClient c = SshClient.builder(USER).identity(key).timeout(Duration.ofSeconds(30))
                .hostKeyVerifier(HostKeyVerifier.acceptAny())
                .connectionConfig(ConnectionConfig.client().withInitialWindow(window))
                .transport(t -> t.rekey(new RekeyPolicy(SIZE / 4, RekeyPolicy.DEFAULT.packets(), Duration.ZERO))
                        .observer((d, seq, payload) -> {
                            if (payload.msgId() == MessageNumbers.SSH_MSG_NEWKEYS) {
                                newKeys.incrementAndGet();
                            }
                        }))
                .connect("127.0.0.1", sshdPort)) {
            ClientSession s = c.exec("cat");
            echo(s.stdin(), s.stdout());
            assertEquals(0, s.waitFor());
        }
        // both directions count: the first exchange and at least three we forced, each way
        assertTrue(newKeys.get() >= 8, "NEWKEYS seen " + newKeys.get());
    }

    /**
     * Our client with no observer, so the transport takes its fast paths (CHANNEL_DATA framed from
     * the writer's array, pooled packet arrays) with the AEAD suites sshd prefers, both ways at once.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com"})
    void ourClientWithoutObserversEchoesThroughSshd(String cipher) throws Exception {
        try (SshClient c = SshClient.builder(USER).identity(key).timeout(Duration.ofSeconds(30))
                .hostKeyVerifier(HostKeyVerifier.acceptAny())
                .transport(t -> t.ciphers(List.of(cipher)).rekey(new RekeyPolicy(SIZE / 4, RekeyPolicy.DEFAULT.packets(), Duration.ZERO)))
                .connect("127.0.0.1", sshdPort)) {
            ClientSession s = c.exec("cat");
            echo(s.stdin(), s.stdout());
            assertEquals(0, s.waitFor());
            long limit = ConnectionInternals.driver(c.connection()).call(e -> e.connection().sendAheadLimit());
            assertTrue(limit >= RoundTripProbe.FLOOR && limit < Long.MAX_VALUE, "sshd is probed after login: " + limit);
        }
    }

    @Test
    void withTheProbeOffOurClientUsesSshdsWholeWindow() throws Exception {
        try (SshClient c = SshClient.builder(USER).identity(key).timeout(Duration.ofSeconds(30))
                .hostKeyVerifier(HostKeyVerifier.acceptAny()).roundTripProbe(false).connect("127.0.0.1", sshdPort)) {
            c.connection().sendGlobalRequest("keepalive@openssh.com", true, org.sshwire.transport.wire.Bytes.EMPTY);
            assertEquals(Long.MAX_VALUE, (long) ConnectionInternals.driver(c.connection()).call(e -> e.connection().sendAheadLimit()));
        }
    }

    /** The send-ahead limit our server sets for its one connection, once set (MAX_VALUE if never within 30 s). */
    static long serverLimit(SshServer server) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (org.sshwire.connection.channel.SshConnection conn : server.connections()) {
                long l = ConnectionInternals.driver(conn).call(e -> e.connection().sendAheadLimit());
                if (l != Long.MAX_VALUE) {
                    return l;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Streams SIZE bytes into {@code in} (each MiB distinct, so a lost, repeated or reordered
     * block changes the digest) while hashing what comes back, and compares.
     */
    static void echo(OutputStream in, InputStream back) throws Exception {
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> SshServerInteropTest.sha(back));
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        new Random(SIZE).nextBytes(block);
        try (OutputStream o = in) {
            for (long n = 0; n < SIZE; n += block.length) {
                long index = n / block.length;
                for (int i = 0; i < 8; i++) {
                    block[i] = (byte) (index >>> (8 * i));
                }
                int len = (int) Math.min(block.length, SIZE - n);
                o.write(block, 0, len);
                sent.update(block, 0, len);
            }
        } catch (IOException e) {
            throw new AssertionError("the far side stopped reading", e);
        }
        assertEquals(HexFormat.of().formatHex(sent.digest()), HexFormat.of().formatHex(got.get(300, TimeUnit.SECONDS)));
    }
}
