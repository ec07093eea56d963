package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;

/**
 * Our transport engine against this machine's OpenSSH, live: our client against {@code sshd -i}
 * over a pipe and {@code sshd} over TCP, and {@code ssh -vvv} against our server engine — for each
 * kex, cipher, MAC and host key algorithm that both support, with both crypto backends.
 */
class TransportInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static OpenSsh.SshdConfig sshd;
    static SshKeyPair ed25519;
    static List<SshKeyPair> ourHostKeys;

    @BeforeAll
    static void setUp() throws IOException {
        // Everything both sides implement, including the legacy algorithms this OpenSSH still has
        // (each enabled by name, as on both sides they are off by default).
        sshd = new OpenSsh.SshdConfig(dir, List.of(
                "KexAlgorithms +diffie-hellman-group14-sha1,diffie-hellman-group1-sha1,diffie-hellman-group-exchange-sha1",
                "Ciphers +aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc",
                "MACs +hmac-md5,hmac-md5-etm@openssh.com",
                "HostKeyAlgorithms +ssh-rsa"));
        CryptoBackend c = CryptoBackend.defaultBackend();
        ed25519 = SshKeyPair.generate("ssh-ed25519", 0, c);
        ourHostKeys = List.of(ed25519, SshKeyPair.generate("ecdsa-sha2-nistp256", 256, c),
                SshKeyPair.generate("ecdsa-sha2-nistp384", 384, c), SshKeyPair.generate("ecdsa-sha2-nistp521", 521, c),
                SshKeyPair.generate("ssh-rsa", 2048, c));
    }

    /** One algorithm varied at a time over (ssh -Q ∩ ours), each with both backends. */
    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoBackend b : List.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly())) {
            for (String k : OpenSsh.query("kex")) {
                if (KexAlgorithm.byName(k) != null) {
                    out.add(Arguments.of("kex", k, b));
                }
            }
            for (String c : OpenSsh.query("cipher")) {
                if (CipherAlgorithm.byName(c) != null && CipherAlgorithm.byName(c) != CipherAlgorithm.NONE) {
                    out.add(Arguments.of("cipher", c, b));
                }
            }
            for (String m : OpenSsh.query("mac")) {
                if (MacAlgorithm.byName(m) != null && MacAlgorithm.byName(m) != MacAlgorithm.NONE) {
                    out.add(Arguments.of("mac", m, b));
                }
            }
            for (String h : OpenSsh.query("HostKeyAlgorithms")) {
                SignatureAlgorithm s = SignatureAlgorithm.byName(h);
                // FIDO sk keys sign user logins only: neither sshd nor we have sk host keys.
                if (s != null && !s.isCertificate() && !h.startsWith("sk-")) {
                    out.add(Arguments.of("hostkey", h, b));
                }
            }
            // CBC with a MAC over the plaintext (the path of the discard countermeasure), and UMAC
            // under a block cipher: the cipher rows above use an EtM MAC, the MAC rows aes128-ctr.
            for (String pair : List.of("aes128-cbc/hmac-sha1", "aes192-cbc/hmac-md5", "aes256-cbc/umac-64@openssh.com",
                    "3des-cbc/hmac-sha1", "3des-cbc/umac-128@openssh.com", "aes128-cbc/umac-128-etm@openssh.com")) {
                out.add(Arguments.of("pair", pair, b));
            }
        }
        return out.stream();
    }

    static TransportConfig.Builder only(TransportConfig.Builder b, String what, String name, CryptoBackend backend) {
        b.crypto(backend).ciphers(List.of("aes128-ctr", "chacha20-poly1305@openssh.com"));
        switch (what) {
            case "kex" -> b.kexAlgorithms(List.of(name));
            case "cipher" -> b.ciphers(List.of(name));
            case "mac" -> b.ciphers(List.of("aes128-ctr")).macs(List.of(name));
            case "pair" -> b.ciphers(List.of(name.split("/")[0])).macs(List.of(name.split("/")[1]));
            case "hostkey" -> b.hostKeyAlgorithms(List.of(name));
            default -> throw new IllegalArgumentException(what);
        }
        return b;
    }

    static String negotiated(TransportEvent.KeysExchanged k, String what) {
        return switch (what) {
            case "kex" -> k.algorithms().kex();
            case "cipher" -> k.algorithms().cipherClientToServer();
            case "mac" -> k.algorithms().macClientToServer();
            case "pair" -> k.algorithms().cipherServerToClient() + "/" + k.algorithms().macServerToClient();
            default -> k.algorithms().hostKey();
        };
    }

    @ParameterizedTest(name = "{0} {1} / {2}")
    @MethodSource("matrix")
    void ourClientReachesServiceAcceptWithSshdOverAPipe(String what, String name, CryptoBackend backend) throws Exception {
        Process p = sshd.startInetd();
        TransportEngine client = new TransportEngine(only(TransportConfig.client(), what, name, backend).build());
        try (EngineStreamDriver d = new EngineStreamDriver(client, p.getInputStream(), p.getOutputStream())) {
            TransportEvent.KeysExchanged k = d.await(TransportEvent.KeysExchanged.class, TIMEOUT);
            assertEquals(name, negotiated(k, what));
            assertTrue(k.algorithms().strictKex(), "OpenSSH 9.2 does strict kex");
            d.act(e -> e.requestService("ssh-userauth"));
            assertEquals("ssh-userauth", d.await(TransportEvent.ServiceAccepted.class, TIMEOUT).service());
        } finally {
            p.destroy();
        }
    }

    @ParameterizedTest(name = "{0} {1} / {2}")
    @MethodSource("matrix")
    void opensshClientReachesAuthenticationAgainstOurServer(String what, String name, CryptoBackend backend) throws Exception {
        TransportEngine server = new TransportEngine(only(TransportConfig.server(ourHostKeys), what, name, backend)
                .kexAlgorithms(what.equals("kex") ? List.of(name) : TransportConfig.DEFAULT_KEX)
                .hostKeyAlgorithms(what.equals("hostkey") ? List.of(name) : TransportConfig.DEFAULT_HOST_KEY_ALGORITHMS)
                .build());
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-vvv", "-F", "/dev/null",
                    "-p", String.valueOf(listener.getLocalPort()), "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=20"));
            switch (what) {
                case "kex" -> cmd.addAll(List.of("-o", "KexAlgorithms=" + name));
                case "cipher" -> cmd.addAll(List.of("-o", "Ciphers=" + name));
                case "mac" -> cmd.addAll(List.of("-o", "Ciphers=aes128-ctr", "-o", "MACs=" + name));
                case "pair" -> cmd.addAll(List.of("-o", "Ciphers=" + name.split("/")[0], "-o", "MACs=" + name.split("/")[1]));
                default -> cmd.addAll(List.of("-o", "HostKeyAlgorithms=" + name));
            }
            cmd.addAll(List.of("test@127.0.0.1", "true"));
            Path log = dir.resolve("ssh-" + what + "-" + name.replace('/', '+') + "-" + backend.name() + ".log");
            Process ssh = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try (Socket s = listener.accept(); EngineStreamDriver d = new EngineStreamDriver(server, s.getInputStream(), s.getOutputStream())) {
                s.setTcpNoDelay(true);
                d.await(TransportEvent.ServiceAccepted.class, TIMEOUT);
                // The first auth request arrives: the transport's work is done.
                d.await(TransportEvent.PayloadReceived.class, TIMEOUT);
                d.act(e -> e.disconnect(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, "transport test ends here"));
            }
            assertTrue(ssh.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "ssh exited");
            String out = java.nio.file.Files.readString(log);
            assertTrue(out.contains("SSH2_MSG_SERVICE_ACCEPT received"), out);
            String expect = switch (what) {
                case "kex" -> "kex: algorithm: " + name;
                case "cipher" -> "kex: server->client cipher: " + name;
                case "mac" -> "MAC: " + name;
                case "pair" -> "kex: server->client cipher: " + name.split("/")[0] + " MAC: " + name.split("/")[1];
                default -> "kex: host key algorithm: " + name;
            };
            assertTrue(out.contains(expect), "expected '" + expect + "' in\n" + out);
        }
    }

    @Test
    void ourClientOverTcpCompletesAndBothRekeysFinishMidSession() throws Exception {
        // sshd only rekeys after authentication (it resets its dispatch table for userauth), so
        // log in first with a public key (RFC 4252 §7), done by hand here for the transport test.
        SshKeyPair userKey = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());
        java.nio.file.Files.writeString(dir.resolve("authorized_keys"), userKey.publicKey().toOpenSshLine("test") + "\n");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        OpenSsh.SshdConfig rekeying = new OpenSsh.SshdConfig(java.nio.file.Files.createDirectories(dir.resolve("rekey")),
                List.of("RekeyLimit 4K", "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PermitRootLogin prohibit-password"));
        Process p = rekeying.startListening(port);
        try {
            Socket s = connectWithRetry(port);
            TransportEngine client = new TransportEngine(TransportConfig.client().build());
            try (EngineStreamDriver d = new EngineStreamDriver(client, s.getInputStream(), s.getOutputStream())) {
                TransportEvent.KeysExchanged first = d.await(TransportEvent.KeysExchanged.class, TIMEOUT);
                d.act(e -> e.requestService("ssh-userauth"));
                d.await(TransportEvent.ServiceAccepted.class, TIMEOUT);
                d.act(e -> e.send(publicKeyAuth(userKey, first.sessionId())));
                TransportEvent.PayloadReceived success = d.await(TransportEvent.PayloadReceived.class, TIMEOUT);
                assertEquals(52, success.payload().msgId(), () -> "USERAUTH_SUCCESS expected; sshd log:\n" + rekeying.log("sshd.log"));

                // Our side forces a rekey mid-session.
                d.act(TransportEngine::startRekey);
                assertTrue(!d.await(TransportEvent.KeysExchanged.class, TIMEOUT).initial());

                // sshd's RekeyLimit 4K: push more than that, then make sshd send something.
                for (int i = 0; i < 12; i++) {
                    d.act(e -> e.send(new Payload(2, new SshWriter().writeString(new byte[512]).toBytes())));
                }
                d.act(e -> e.send(keepalive()));
                TransportEvent.KeysExchanged third = d.await(TransportEvent.KeysExchanged.class, TIMEOUT);
                assertTrue(!third.initial());
                assertEquals(first.sessionId(), third.sessionId(), "the session id survives rekeys");
                TransportEvent.PayloadReceived reply = d.await(TransportEvent.PayloadReceived.class, TIMEOUT);
                assertEquals(82, reply.payload().msgId(), "REQUEST_FAILURE for the keepalive, after sshd's rekey");
            }
        } finally {
            p.destroy();
        }
    }

    /** SSH_MSG_USERAUTH_REQUEST "publickey" with a signature over the RFC 4252 §7 data. */
    static Payload publicKeyAuth(SshKeyPair key, Bytes sessionId) {
        String user = System.getProperty("user.name");
        Bytes blob = key.publicKey().blob();
        SshWriter signed = new SshWriter().writeString(sessionId).writeByte(50).writeUtf8(user)
                .writeUtf8("ssh-connection").writeUtf8("publickey").writeBoolean(true)
                .writeUtf8("ssh-ed25519").writeString(blob);
        Bytes sig = key.sign(SignatureAlgorithm.SSH_ED25519, signed.toByteArray(), CryptoBackend.defaultBackend());
        return new Payload(50, new SshWriter().writeUtf8(user).writeUtf8("ssh-connection").writeUtf8("publickey")
                .writeBoolean(true).writeUtf8("ssh-ed25519").writeString(blob).writeString(sig).toBytes());
    }

    /** GLOBAL_REQUEST keepalive@openssh.com with want-reply: OpenSSH answers REQUEST_FAILURE. */
    static Payload keepalive() {
        return new Payload(80, new SshWriter().writeUtf8("keepalive@openssh.com").writeBoolean(true).toBytes());
    }

    static Socket connectWithRetry(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                synchronized (TransportInteropTest.class) {
                    TransportInteropTest.class.wait(50); // sshd is still starting; wait on a deadline
                }
            }
        }
    }

    @Test
    void opensshClientTrustsOurHostCertificateThroughItsCa() throws Exception {
        CryptoBackend c = CryptoBackend.defaultBackend();
        SshKeyPair ca = SshKeyPair.generate("ssh-ed25519", 0, c);
        org.sshwire.transport.keys.SshCertificate cert = new org.sshwire.transport.keys.CertificateBuilder(
                ed25519.publicKey(), org.sshwire.transport.keys.SshCertificate.CertType.HOST)
                .keyId("sshwire-test").principals(List.of("127.0.0.1")).sign(ca, SignatureAlgorithm.SSH_ED25519, c);
        Path knownHosts = dir.resolve("known_hosts_ca");
        java.nio.file.Files.writeString(knownHosts, "@cert-authority * " + ca.publicKey().toOpenSshLine("test-ca") + "\n");
        TransportEngine server = new TransportEngine(TransportConfig.server(List.of(ed25519.withCertificate(cert))).build());
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path log = dir.resolve("ssh-hostcert.log");
            Process ssh = new ProcessBuilder(OpenSsh.SSH.toString(), "-vvv", "-F", "/dev/null",
                    "-p", String.valueOf(listener.getLocalPort()), "-o", "StrictHostKeyChecking=yes",
                    "-o", "UserKnownHostsFile=" + knownHosts, "-o", "BatchMode=yes", "-o", "ConnectTimeout=20",
                    "test@127.0.0.1", "true").redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try (Socket s = listener.accept(); EngineStreamDriver d = new EngineStreamDriver(server, s.getInputStream(), s.getOutputStream())) {
                d.await(TransportEvent.ServiceAccepted.class, TIMEOUT);
                d.act(e -> e.disconnect(DisconnectReason.BY_APPLICATION, "done"));
            }
            assertTrue(ssh.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            String out = java.nio.file.Files.readString(log);
            assertTrue(out.contains("Server host certificate: ssh-ed25519-cert-v01@openssh.com"),
                    () -> out.lines().filter(l -> l.contains("ost")).collect(java.util.stream.Collectors.joining("\n")));
            assertTrue(out.contains("is known and matches the ED25519-CERT host certificate"),
                    () -> out.lines().filter(l -> l.contains("ost")).collect(java.util.stream.Collectors.joining("\n")));
            assertTrue(out.contains("SSH2_MSG_SERVICE_ACCEPT received"), out);
        }
    }

    @Test
    void ourClientReceivesSshdHostCertificateAndChecksItsCa() throws Exception {
        Path caDir = java.nio.file.Files.createDirectories(dir.resolve("hostca"));
        Path caKey = caDir.resolve("ca");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", caKey.toString()), 30).exit());
        OpenSsh.SshdConfig withCert = new OpenSsh.SshdConfig(java.nio.file.Files.createDirectories(dir.resolve("certsshd")), List.of());
        withCert.addHostCertificate(caKey, "127.0.0.1");
        org.sshwire.transport.keys.SshPublicKey ca = org.sshwire.transport.keys.KeyFiles.readPublicKeyLine(
                java.nio.file.Files.readString(caKey.resolveSibling("ca.pub")).trim());
        Process p = withCert.startInetd();
        TransportEngine client = new TransportEngine(TransportConfig.client().build());
        try (EngineStreamDriver d = new EngineStreamDriver(client, p.getInputStream(), p.getOutputStream())) {
            TransportEvent.HostKeyToVerify q = d.await(TransportEvent.HostKeyToVerify.class, TIMEOUT);
            assertEquals("ssh-ed25519-cert-v01@openssh.com", q.algorithm());
            org.sshwire.transport.keys.SshCertificate cert = (org.sshwire.transport.keys.SshCertificate) q.hostKey();
            org.sshwire.transport.keys.CertChecker.hostAuthority(k -> k.equals(ca), CryptoBackend.defaultBackend())
                    .checkHostCert("127.0.0.1", cert);
            d.await(TransportEvent.KeysExchanged.class, TIMEOUT);
            d.act(e -> e.requestService("ssh-userauth"));
            d.await(TransportEvent.ServiceAccepted.class, TIMEOUT);
        } finally {
            p.destroy();
        }
    }
}
