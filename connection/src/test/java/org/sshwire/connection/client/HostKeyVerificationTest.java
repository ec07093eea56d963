package org.sshwire.connection.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * The default known_hosts verifier ({@link HostKeyVerifier#knownHosts}) against our SshServer:
 * typed refusals from {@code connect}, and host certificates as ssh treats them (a
 * {@code @cert-authority} line, or the certificate's plain key).
 */
class HostKeyVerificationTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair OTHER = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair CA = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ALICE = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final String CERT_ALG = "ssh-ed25519-cert-v01@openssh.com";

    @TempDir
    Path dir;
    SshServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    void start(SshKeyPair hostKey) throws IOException {
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(hostKey)
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> k.equals(ALICE.publicKey())
                        ? Optional.of(Permissions.DEFAULT) : Optional.empty()).build())
                .handler(s -> s.exit(0)).build().start();
    }

    SshClient connect(HostKeyVerifier v) throws IOException {
        return SshClient.builder("alice").identity(ALICE).timeout(Duration.ofSeconds(20)).hostKeyVerifier(v)
                .connect("127.0.0.1", server.port());
    }

    Path knownHosts(String... lines) throws IOException {
        return Files.write(Files.createTempFile(dir, "known_hosts", ""), List.of(lines));
    }

    /** known_hosts' name for our server: {@code [127.0.0.1]:port}. */
    String name() {
        return "[127.0.0.1]:" + server.port();
    }

    static SshCertificate hostCert(SshPublicKey key, SshKeyPair ca, String... principals) {
        return new CertificateBuilder(key, SshCertificate.CertType.HOST).keyId("test host")
                .principals(List.of(principals)).sign(ca, SignatureAlgorithm.SSH_ED25519, C);
    }

    @Test
    void aKnownKeyLogsIn() throws Exception {
        start(HOST);
        try (SshClient c = connect(HostKeyVerifier.knownHosts(knownHosts(name() + " " + HOST.publicKey().toOpenSshLine("h"))))) {
            assertEquals("alice", c.connection().user());
        }
    }

    @Test
    void anUnknownHostIsAnUnknownHostKeyExceptionNamingHostPortAndKey() throws Exception {
        start(HOST);
        for (Path kh : List.of(knownHosts(), dir.resolve("missing"),
                // Known, but only with a key of another type: still unknown for this type, as ssh.
                knownHosts(name() + " " + SshKeyPair.generate("ecdsa-sha2-nistp256", 256, C).publicKey().toOpenSshLine(null)))) {
            UnknownHostKeyException e = assertThrows(UnknownHostKeyException.class, () -> connect(HostKeyVerifier.knownHosts(kh)));
            assertEquals("127.0.0.1", e.host());
            assertEquals(server.port(), e.port());
            assertEquals(HOST.publicKey(), e.key());
            assertTrue(e.getMessage().contains(HOST.publicKey().fingerprintSha256()), e.getMessage());
        }
    }

    @Test
    void anotherKeyOfTheSameTypeIsAChangedHostKeyExceptionListingTheKnownKeys() throws Exception {
        start(HOST);
        Path kh = knownHosts("# an old entry", name() + " " + OTHER.publicKey().toOpenSshLine("old"),
                "elsewhere.example " + HOST.publicKey().toOpenSshLine(null));
        ChangedHostKeyException e = assertThrows(ChangedHostKeyException.class, () -> connect(HostKeyVerifier.knownHosts(kh)));
        assertEquals(HOST.publicKey(), e.key());
        assertEquals(List.of(OTHER.publicKey()), e.knownKeys());
        assertEquals(server.port(), e.port());
    }

    @Test
    void aRevokedKeyIsARevokedHostKeyExceptionEvenWhenAlsoListed() throws Exception {
        start(HOST);
        Path kh = knownHosts(name() + " " + HOST.publicKey().toOpenSshLine(null), "@revoked * " + HOST.publicKey().toOpenSshLine(null));
        RevokedHostKeyException e = assertThrows(RevokedHostKeyException.class, () -> connect(HostKeyVerifier.knownHosts(kh)));
        assertEquals(HOST.publicKey(), e.key());
    }

    @Test
    void aVerifierThatSaysNoGivesAHostKeyExceptionAndOneThatThrowsKeepsItsException() throws Exception {
        start(HOST);
        HostKeyException no = assertThrows(HostKeyException.class, () -> connect((h, p, k) -> false));
        assertEquals(HostKeyException.class, no.getClass());
        assertEquals(HOST.publicKey(), no.key());
        UnknownHostKeyException mine = new UnknownHostKeyException("127.0.0.1", server.port(), HOST.publicKey(), "not in our inventory");
        assertSame(mine, assertThrows(UnknownHostKeyException.class, () -> connect((h, p, k) -> {
            throw mine;
        })));
        HostKeyException broken = assertThrows(HostKeyException.class, () -> connect((h, p, k) -> {
            throw new IllegalStateException("database down");
        }));
        assertTrue(broken.getCause() instanceof IllegalStateException, () -> "cause " + broken.getCause());
    }

    @Test
    void aHostCertificateIsAcceptedWhenKnownHostsHoldsItsPlainKey() throws Exception {
        // OpenSSH: "No matching CA found. Retry with plain key".
        start(HOST.withCertificate(hostCert(HOST.publicKey(), CA, "127.0.0.1")));
        try (SshClient c = connect(HostKeyVerifier.knownHosts(knownHosts(name() + " " + HOST.publicKey().toOpenSshLine(null))))) {
            assertEquals(CERT_ALG, c.info().algorithms().hostKey(), "the server did present its certificate");
        }
    }

    @Test
    void aHostCertificateIsAcceptedFromACertAuthorityLine() throws Exception {
        start(HOST.withCertificate(hostCert(HOST.publicKey(), CA, "127.0.0.1")));
        try (SshClient c = connect(HostKeyVerifier.knownHosts(knownHosts("@cert-authority * " + CA.publicKey().toOpenSshLine("ca"))))) {
            assertEquals(CERT_ALG, c.info().algorithms().hostKey());
        }
    }

    @Test
    void aCertificateNoAuthorityAcceptsFallsBackToItsPlainKey() throws Exception {
        // Signed for another name: the @cert-authority does not vouch for it here.
        start(HOST.withCertificate(hostCert(HOST.publicKey(), CA, "other.example")));
        String ca = "@cert-authority * " + CA.publicKey().toOpenSshLine("ca");
        UnknownHostKeyException e = assertThrows(UnknownHostKeyException.class, () -> connect(HostKeyVerifier.knownHosts(knownHosts(ca))));
        assertEquals(HOST.publicKey(), e.key(), "the plain key, the one to record");
        assertTrue(e.getMessage().contains("principal"), e.getMessage());
        ChangedHostKeyException changed = assertThrows(ChangedHostKeyException.class, () -> connect(HostKeyVerifier.knownHosts(
                knownHosts(ca, name() + " " + OTHER.publicKey().toOpenSshLine(null)))));
        assertEquals(List.of(OTHER.publicKey()), changed.knownKeys());
        try (SshClient c = connect(HostKeyVerifier.knownHosts(knownHosts(ca, name() + " " + HOST.publicKey().toOpenSshLine(null))))) {
            assertEquals(CERT_ALG, c.info().algorithms().hostKey());
        }
    }

    @Test
    void aRevokedAuthorityRevokesTheCertificatesItSigned() throws Exception {
        SshCertificate cert = hostCert(HOST.publicKey(), CA, "127.0.0.1");
        start(HOST.withCertificate(cert));
        Path kh = knownHosts("@cert-authority * " + CA.publicKey().toOpenSshLine(null), "@revoked * " + CA.publicKey().toOpenSshLine(null),
                name() + " " + HOST.publicKey().toOpenSshLine(null));
        RevokedHostKeyException e = assertThrows(RevokedHostKeyException.class, () -> connect(HostKeyVerifier.knownHosts(kh)));
        assertEquals(cert, e.key());
    }
}
