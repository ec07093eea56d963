package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.client.ChangedHostKeyException;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.RevokedHostKeyException;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.client.UnknownHostKeyException;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * The default verifier, {@link HostKeyVerifier#knownHosts}, against sshd listening on 127.0.0.1
 * with a {@code HostCertificate} made by {@code ssh-keygen -s -h}: our client prefers the
 * certificate algorithms, so sshd presents its certificate, and known_hosts decides as in ssh.
 */
class SshClientHostKeysInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final String CERT_ALG = "ssh-ed25519-cert-v01@openssh.com";

    @TempDir
    static Path dir;
    static Process sshd;
    static OpenSsh.SshdConfig config;
    static int port;
    static SshKeyPair user;
    static SshPublicKey hostKey;
    static SshPublicKey ca;
    static SshPublicKey otherCa;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        user = SshKeyPair.generate("ssh-ed25519", 0, C);
        Files.writeString(dir.resolve("authorized_keys"), user.publicKey().toOpenSshLine("user") + "\n");
        for (String name : List.of("ca", "other_ca")) {
            assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                    dir.resolve(name).toString()), 30).exit());
        }
        ca = KeyFiles.readPublicKeyLine(Files.readString(dir.resolve("ca.pub")).strip());
        otherCa = KeyFiles.readPublicKeyLine(Files.readString(dir.resolve("other_ca.pub")).strip());
        config = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of("PermitRootLogin yes",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys")));
        config.addHostCertificate(dir.resolve("ca"), "127.0.0.1");
        hostKey = KeyFiles.readPublicKeyLine(Files.readString(config.dir.resolve("host_ed255190.pub")).strip());
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        sshd = config.startListening(port);
        TransportInteropTest.connectWithRetry(port).close();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    static SshClient connect(String... knownHostsLines) throws IOException {
        Path kh = Files.write(Files.createTempFile(dir, "known_hosts", ""), List.of(knownHostsLines));
        return SshClient.builder("root").identity(user).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier(HostKeyVerifier.knownHosts(kh)).connect("127.0.0.1", port);
    }

    static String name() {
        return "[127.0.0.1]:" + port;
    }

    @Test
    void sshdsHostCertificateIsAcceptedWhenKnownHostsHoldsItsPlainKey() throws Exception {
        try (SshClient c = connect(name() + " " + hostKey.toOpenSshLine(null))) {
            assertEquals(CERT_ALG, c.info().algorithms().hostKey(), "sshd presented its certificate");
        }
    }

    @Test
    void sshdsHostCertificateIsAcceptedFromACertAuthorityLine() throws Exception {
        try (SshClient c = connect("@cert-authority " + name() + " " + ca.toOpenSshLine("ca"))) {
            assertEquals(CERT_ALG, c.info().algorithms().hostKey());
        }
        try (SshClient c = connect("@cert-authority *.example,[127.0.0.*]:* " + ca.toOpenSshLine("ca"))) {
            assertEquals(CERT_ALG, c.info().algorithms().hostKey(), "by wildcard");
        }
    }

    @Test
    void anotherAuthorityLeavesThePlainKeyUnknown() {
        UnknownHostKeyException e = assertThrows(UnknownHostKeyException.class,
                () -> connect("@cert-authority * " + otherCa.toOpenSshLine("other")));
        assertEquals(hostKey, e.key(), "the plain key, the one ssh would record");
        assertEquals("127.0.0.1", e.host());
        assertEquals(port, e.port());
    }

    @Test
    void anotherKeyForTheHostIsAChangedHostKey() {
        SshPublicKey old = SshKeyPair.generate("ssh-ed25519", 0, C).publicKey();
        ChangedHostKeyException e = assertThrows(ChangedHostKeyException.class, () -> connect(name() + " " + old.toOpenSshLine(null)));
        assertEquals(hostKey, e.key());
        assertEquals(List.of(old), e.knownKeys());
        assertTrue(e.getMessage().contains(old.fingerprintSha256()), e.getMessage());
    }

    @Test
    void aRevokedHostKeyIsRefusedThoughItsAuthorityIsTrusted() {
        RevokedHostKeyException e = assertThrows(RevokedHostKeyException.class, () -> connect(
                "@cert-authority * " + ca.toOpenSshLine("ca"), "@revoked * " + hostKey.toOpenSshLine(null)));
        assertEquals(CERT_ALG, e.key().keyType(), "what sshd offered");
    }
}
