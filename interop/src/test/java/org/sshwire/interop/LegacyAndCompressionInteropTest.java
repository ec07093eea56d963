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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.testvectors.OpenSsh;

/**
 * Issue 16 items 4 and 5, live and through the command line as a user would: legacy algorithms
 * enabled by name ({@code +name}) and compression, between OpenSSH 9.2's {@code ssh} and
 * {@code sshwire server}, and between {@code sshwire ssh} and {@code sshd}. The transport-level
 * algorithm matrix (every legacy name, both backends, both directions) is
 * {@link TransportInteropTest}; here the whole login and a command run over them, with an RSA
 * user key signing with ssh-rsa (SHA-1).
 */
class LegacyAndCompressionInteropTest {
    @TempDir
    static Path dir;
    static Path rsaKey;
    static Process sshd;
    static int sshdPort;
    static OpenSsh.SshdConfig sshdConfig;

    /** Everything legacy at once on the OpenSSH side, as its client options. */
    static final List<String> OPENSSH_LEGACY = List.of("-o", "Ciphers=aes128-cbc", "-o", "MACs=hmac-md5",
            "-o", "KexAlgorithms=diffie-hellman-group1-sha1", "-o", "HostKeyAlgorithms=ssh-rsa",
            "-o", "PubkeyAcceptedAlgorithms=ssh-rsa");

    @BeforeAll
    static void setUp() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSHD);
        rsaKey = dir.resolve("id_rsa");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "rsa", "-b", "2048", "-N", "",
                "-f", rsaKey.toString()), 60).exit());
        // sshd keeps the first value of a keyword: these go before SshdConfig's own lines.
        sshdConfig = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "LogLevel DEBUG1", "AuthorizedKeysFile " + rsaKey + ".pub", "PermitRootLogin prohibit-password",
                "KexAlgorithms +diffie-hellman-group1-sha1,diffie-hellman-group-exchange-sha1",
                "Ciphers +aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc", "MACs +hmac-md5,hmac-md5-etm@openssh.com",
                "HostKeyAlgorithms +ssh-rsa", "PubkeyAcceptedAlgorithms ssh-rsa", "Compression yes"));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = probe.getLocalPort();
        }
        sshd = sshdConfig.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
    }

    @AfterAll
    static void tearDown() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    static String user() {
        return System.getProperty("user.name");
    }

    // ------------------------------------------------------------ OpenSSH ssh -> sshwire server

    ServerCommandTest.Running ourServer(String... options) throws Exception {
        ServerCommandTest launcher = new ServerCommandTest();
        launcher.dir = Files.createTempDirectory(dir, "server");
        List<String> args = new ArrayList<>(List.of("--authorized-keys", rsaKey + ".pub"));
        args.addAll(List.of(options));
        return launcher.startServer(args);
    }

    /** About 1.6 MB of compressible standard input, and the md5sum line it gives. */
    static final byte[] UPLOAD = java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> "line of text " + i + "\n")
            .collect(java.util.stream.Collectors.joining()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static String md5sumLine(byte[] data) throws Exception {
        return org.sshwire.transport.wire.Bytes.of(java.security.MessageDigest.getInstance("MD5").digest(data)).toHex() + "  -";
    }

    static OpenSsh.Result openssh(int port, List<String> options, String command) {
        return openssh(port, options, command, null);
    }

    static OpenSsh.Result openssh(int port, List<String> options, String command, byte[] stdin) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-v", "-F", "/dev/null", "-i", rsaKey.toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-p", String.valueOf(port)));
        cmd.addAll(options);
        cmd.addAll(List.of(user() + "@127.0.0.1", command));
        return OpenSsh.run(cmd, stdin, 60);
    }

    @Test
    void opensshLogsInOverEveryLegacyAlgorithmOnlyOnceOurServerNamesThem() throws Exception {
        try (ServerCommandTest.Running s = ourServer("-o", "Ciphers=+aes128-cbc", "-o", "MACs=+hmac-md5",
                "-o", "KexAlgorithms=+diffie-hellman-group1-sha1", "-o", "HostKeyAlgorithms=+ssh-rsa",
                "-o", "PubkeyAcceptedAlgorithms=+ssh-rsa")) {
            OpenSsh.Result r = openssh(s.port(), OPENSSH_LEGACY, "echo legacy ok");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("legacy ok\n", r.stdout());
            String log = r.stderr();
            assertTrue(log.contains("kex: algorithm: diffie-hellman-group1-sha1"), log);
            assertTrue(log.contains("kex: host key algorithm: ssh-rsa"), log);
            assertTrue(log.contains("kex: server->client cipher: aes128-cbc MAC: hmac-md5"), log);
            assertTrue(log.contains("kex: client->server cipher: aes128-cbc MAC: hmac-md5"), log);
            assertTrue(log.contains("Authenticated to 127.0.0.1"), log);
        }
        // The same server without the opt-ins: no legacy name is offered, so nothing agrees.
        try (ServerCommandTest.Running s = ourServer()) {
            OpenSsh.Result r = openssh(s.port(), OPENSSH_LEGACY, "echo should not run");
            assertEquals(255, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("no matching key exchange method found"), r.stderr());
            // Only the user-key signature legacy: our server refuses ssh-rsa (SHA-1) signatures.
            OpenSsh.Result k = openssh(s.port(), List.of("-o", "PubkeyAcceptedAlgorithms=ssh-rsa"), "echo should not run");
            assertEquals(255, k.exit(), k.stderr());
            assertTrue(k.stderr().contains("Permission denied"), k.stderr());
        }
    }

    /** Each compression method, from the OpenSSH client's {@code -C} offer, with a command's output flowing back compressed. */
    @ParameterizedTest
    @ValueSource(strings = {"yes", "zlib,none"})
    void opensshWithDashCCompressesAgainstOurServer(String serverCompression) throws Exception {
        try (ServerCommandTest.Running s = ourServer("-o", "Compression=" + serverCompression,
                "-o", "PubkeyAcceptedAlgorithms=+ssh-rsa")) {
            // Both directions carry bulk data: standard input up, command output down.
            OpenSsh.Result r = openssh(s.port(), List.of("-C", "-o", "PubkeyAcceptedAlgorithms=+ssh-rsa"),
                    "md5sum; head -c 3000000 /dev/zero | tr '\\0' x; echo; seq 1 20000 | md5sum", UPLOAD);
            assertEquals(0, r.exit(), r.stderr());
            String expected = serverCompression.equals("yes") ? "zlib@openssh.com" : "zlib";
            assertTrue(r.stderr().contains("compression: " + expected), r.stderr());
            assertTrue(r.stdout().startsWith(md5sumLine(UPLOAD) + "\n" + "x".repeat(3_000_000) + "\n"), "upload and 3 MB of output intact");
            assertTrue(r.stdout().endsWith(seqMd5() + "\n"), r.stdout().substring(3_000_001));
        }
    }

    static String seqMd5() {
        return seqMd5(20000);
    }

    static String seqMd5(int n) {
        return OpenSsh.run(List.of("/bin/sh", "-c", "seq 1 " + n + " | md5sum"), 30).stdout().strip();
    }

    // ------------------------------------------------------------ sshwire ssh -> OpenSSH sshd

    static OpenSsh.Result ourClient(String... args) {
        return ourClient(null, args);
    }

    static OpenSsh.Result ourClient(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(sshdPort),
                "-i", rsaKey.toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh")));
        cmd.addAll(List.of(args));
        return OpenSsh.run(cmd, stdin, 120);
    }

    @Test
    void ourClientLogsInToSshdOverEveryLegacyAlgorithmWithCompression() throws Exception {
        // sshd 9.2 offers zlib@openssh.com only (ssh -Q compression lists zlib for the client side):
        // plain zlib against sshd cannot be tested, so it is proven with ssh -C against our server.
        OpenSsh.Result r = ourClient(UPLOAD, "-C", "-o", "Ciphers=aes128-cbc", "-o", "MACs=hmac-md5",
                "-o", "KexAlgorithms=diffie-hellman-group1-sha1", "-o", "HostKeyAlgorithms=ssh-rsa",
                "-o", "PubkeyAcceptedAlgorithms=ssh-rsa", user() + "@127.0.0.1",
                "md5sum; head -c 2000000 /dev/zero | tr '\\0' y; echo; seq 1 20000 | md5sum");
        assertEquals(0, r.exit(), r.stderr() + "\nsshd:\n" + sshdConfig.log("sshd.log"));
        assertTrue(r.stdout().startsWith(md5sumLine(UPLOAD) + "\n" + "y".repeat(2_000_000) + "\n"));
        assertTrue(r.stdout().endsWith(seqMd5() + "\n"));
        String log = sshdConfig.log("sshd.log");
        assertTrue(log.contains("kex: algorithm: diffie-hellman-group1-sha1"), log);
        assertTrue(log.contains("kex: host key algorithm: ssh-rsa"), log);
        assertTrue(log.contains("kex: client->server cipher: aes128-cbc MAC: hmac-md5 compression: zlib@openssh.com"), log);
        // sshd names the algorithm only for a query ("pkalg ssh-rsa"), and our client signs a key
        // in memory without one. This sshd takes only ssh-rsa user signatures
        // (PubkeyAcceptedAlgorithms ssh-rsa), so the accepted login was one.
        assertTrue(log.contains("Accepted publickey for " + user()), log);
    }

    @Test
    void withoutNamingSshRsaOurClientWillNotSignWithSha1() {
        // sshd accepts only ssh-rsa signatures here; our default client offers rsa-sha2-* only.
        OpenSsh.Result r = ourClient(user() + "@127.0.0.1", "echo should not run");
        assertEquals(255, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("permission denied"), r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes192-cbc/umac-64@openssh.com", "aes256-cbc/umac-128-etm@openssh.com",
            "3des-cbc/hmac-sha1", "aes128-cbc/hmac-md5-etm@openssh.com"})
    void ourClientRunsACommandOverCbcAndUmacAgainstSshd(String pair) {
        String[] p = pair.split("/");
        OpenSsh.Result r = ourClient("-o", "Ciphers=" + p[0], "-o", "MACs=" + p[1], "-o", "KexAlgorithms=+diffie-hellman-group-exchange-sha1",
                "-o", "PubkeyAcceptedAlgorithms=ssh-rsa", user() + "@127.0.0.1", "seq 1 50000 | md5sum");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(seqMd5(50000) + "\n", r.stdout());
        assertTrue(sshdConfig.log("sshd.log").contains("kex: client->server cipher: " + p[0] + " MAC: " + p[1]));
    }

    // ------------------------------------------------------------ the offline decoder on a live session

    /** Copies what passes through into {@code record}. */
    static java.io.InputStream tee(java.io.InputStream in, java.io.ByteArrayOutputStream record) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws java.io.IOException {
                int b = super.read();
                if (b >= 0) {
                    synchronized (record) {
                        record.write(b);
                    }
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws java.io.IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    synchronized (record) {
                        record.write(buf, off, n);
                    }
                }
                return n;
            }
        };
    }

    static java.io.OutputStream tee(java.io.OutputStream out, java.io.ByteArrayOutputStream record) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] buf, int off, int len) throws java.io.IOException {
                synchronized (record) {
                    record.write(buf, off, len);
                }
                out.write(buf, off, len);
            }

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }

    /**
     * Our client against {@code sshd -i} over group1, aes256-cbc, hmac-sha1 and zlib@openssh.com
     * with an ssh-rsa login, recorded; then {@link org.sshwire.transport.research.SessionDecoder}
     * decodes the recording with the key log's secret, through the point where both directions
     * switch to compression.
     */
    @Test
    void theOfflineDecoderReadsARecordedLegacyCompressedSessionWithSshd() throws Exception {
        org.sshwire.transport.crypto.CryptoBackend crypto = org.sshwire.transport.crypto.CryptoBackend.defaultBackend();
        org.sshwire.transport.keys.SshKeyPair rsa = org.sshwire.transport.keys.KeyFiles.readPrivateKey(
                Files.readAllBytes(rsaKey), null, crypto);
        List<String> keyLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.sshwire.transport.TransportEngine client = new org.sshwire.transport.TransportEngine(
                org.sshwire.transport.TransportConfig.client().kexAlgorithms(List.of("diffie-hellman-group1-sha1"))
                        .ciphers(List.of("aes256-cbc")).macs(List.of("hmac-sha1"))
                        .compression(List.of("zlib@openssh.com")).keyLog(keyLog::add).build());
        java.io.ByteArrayOutputStream c2s = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream s2c = new java.io.ByteArrayOutputStream();
        Process p = sshdConfig.startInetd();
        java.time.Duration t = TransportInteropTest.TIMEOUT;
        try (EngineStreamDriver d = new EngineStreamDriver(client, tee(p.getInputStream(), s2c), tee(p.getOutputStream(), c2s))) {
            org.sshwire.transport.TransportEvent.KeysExchanged k = d.await(org.sshwire.transport.TransportEvent.KeysExchanged.class, t);
            assertEquals("zlib@openssh.com", k.algorithms().compressionServerToClient());
            d.act(e -> e.requestService("ssh-userauth"));
            d.await(org.sshwire.transport.TransportEvent.ServiceAccepted.class, t);
            d.act(e -> e.send(sshRsaAuth(rsa, k.sessionId(), crypto)));
            org.sshwire.transport.TransportEvent.PayloadReceived success = d.await(
                    org.sshwire.transport.TransportEvent.PayloadReceived.class, t);
            assertEquals(52, success.payload().msgId(), () -> sshdConfig.log("sshd-i.log"));
            d.act(e -> e.send(TransportInteropTest.keepalive())); // compressed both ways from here
            // sshd's own hostkeys-00@openssh.com GLOBAL_REQUEST may come first.
            int id;
            do {
                id = d.await(org.sshwire.transport.TransportEvent.PayloadReceived.class, t).payload().msgId();
            } while (id == 80);
            assertEquals(82, id);
        } finally {
            p.destroy();
        }
        org.sshwire.transport.research.SessionDecoder.Transcript tr =
                org.sshwire.transport.research.SessionDecoder.transcript(c2s.toByteArray(), s2c.toByteArray());
        java.math.BigInteger x = new java.math.BigInteger(keyLog.get(0).split(" ")[1], 16);
        org.sshwire.transport.research.SessionDecoder.Session session = org.sshwire.transport.research.SessionDecoder.decode(
                tr, true, new org.sshwire.transport.kex.RecordedKeyExchange.DhExponent(x), crypto);
        List<Integer> ids = session.packets().stream().map(q -> q.payload().msgId()).toList();
        assertTrue(ids.contains(80) && ids.contains(82), "the compressed keepalive and its reply decode: " + session.packets());
        assertTrue(session.stoppedAt() == null || session.stoppedAt().contains("ends inside a packet"), session.stoppedAt());
    }

    /** SSH_MSG_USERAUTH_REQUEST publickey signed with ssh-rsa (SHA-1) over the RFC 4252 §7 data. */
    static org.sshwire.transport.wire.Payload sshRsaAuth(org.sshwire.transport.keys.SshKeyPair key,
            org.sshwire.transport.wire.Bytes sessionId, org.sshwire.transport.crypto.CryptoBackend crypto) {
        org.sshwire.transport.wire.Bytes blob = key.publicKey().blob();
        org.sshwire.transport.wire.SshWriter signed = new org.sshwire.transport.wire.SshWriter().writeString(sessionId)
                .writeByte(50).writeUtf8(user()).writeUtf8("ssh-connection").writeUtf8("publickey").writeBoolean(true)
                .writeUtf8("ssh-rsa").writeString(blob);
        org.sshwire.transport.wire.Bytes sig = key.sign(org.sshwire.transport.keys.SignatureAlgorithm.SSH_RSA,
                signed.toByteArray(), crypto);
        return new org.sshwire.transport.wire.Payload(50, new org.sshwire.transport.wire.SshWriter().writeUtf8(user())
                .writeUtf8("ssh-connection").writeUtf8("publickey").writeBoolean(true).writeUtf8("ssh-rsa")
                .writeString(blob).writeString(sig).toBytes());
    }
}
