package org.sshwire.transport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.crypto.CryptoBackend;

/** Certificates we issue: they parse, verify, pass CertChecker, and ssh-keygen reads them. */
class CertificateBuilderTest {
    private static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();

    @TempDir
    Path dir;

    @Test
    void hostCertificateVerifiesAndNamesItsPrincipals() {
        SshKeyPair ca = SshKeyPair.generate("ecdsa-sha2-nistp256", 256, CRYPTO);
        SshKeyPair host = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
        SshCertificate cert = new CertificateBuilder(host.publicKey(), SshCertificate.CertType.HOST)
                .keyId("web1").serial(42).principals(List.of("web1.example.org", "127.0.0.1"))
                .validity(Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofDays(1)))
                .sign(ca, SignatureAlgorithm.ECDSA_SHA2_NISTP256, CRYPTO);
        assertEquals("ssh-ed25519-cert-v01@openssh.com", cert.keyType());
        assertEquals(host.publicKey(), cert.key());
        assertEquals(42, cert.serial());
        assertTrue(cert.verifySignature(CRYPTO));
        assertEquals(cert, SshCertificate.parse(cert.blob()), "round-trips through its blob");
        CertChecker checker = CertChecker.hostAuthority(k -> k.equals(ca.publicKey()), CRYPTO);
        checker.checkHostCert("web1.example.org", cert);
        assertThrows(CertificateException.class, () -> checker.checkHostCert("other.example.org", cert));
        assertThrows(CertificateException.class,
                () -> CertChecker.hostAuthority(k -> false, CRYPTO).checkHostCert("web1.example.org", cert));
    }

    @Test
    void keyPairCarriesOnlyItsOwnCertificate() {
        SshKeyPair ca = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
        SshKeyPair a = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
        SshKeyPair b = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
        SshCertificate certA = new CertificateBuilder(a.publicKey(), SshCertificate.CertType.USER).sign(ca, SignatureAlgorithm.SSH_ED25519, CRYPTO);
        assertThrows(IllegalArgumentException.class, () -> b.withCertificate(certA));
        SshKeyPair withCert = a.withCertificate(certA);
        assertEquals(certA.blob(), withCert.publicBlobFor(SignatureAlgorithm.SSH_ED25519_CERT));
        assertEquals(a.publicKey().blob(), withCert.publicBlobFor(SignatureAlgorithm.SSH_ED25519));
        assertThrows(IllegalArgumentException.class, () -> a.publicBlobFor(SignatureAlgorithm.SSH_ED25519_CERT));
    }

    @Test
    void sshKeygenReadsOurCertificatesWithTheirOptions() throws Exception {
        SshKeyPair ca = SshKeyPair.generate("ssh-rsa", 2048, CRYPTO);
        SshKeyPair user = SshKeyPair.generate("ecdsa-sha2-nistp384", 384, CRYPTO);
        SshCertificate cert = new CertificateBuilder(user.publicKey(), SshCertificate.CertType.USER)
                .keyId("alice@example").principals(List.of("alice")).criticalOption("force-command", "/bin/date")
                .defaultUserExtensions().sign(ca, SignatureAlgorithm.RSA_SHA2_512, CRYPTO);
        Path file = dir.resolve("user-cert.pub");
        Files.writeString(file, cert.toOpenSshLine("made by sshwire") + "\n");
        String listing = SshKeygen.ok(dir, "-L", "-f", file.toString());
        assertTrue(listing.contains("ecdsa-sha2-nistp384-cert-v01@openssh.com user certificate"), listing);
        assertTrue(listing.contains("Key ID: \"alice@example\""), listing);
        assertTrue(listing.contains("force-command /bin/date"), listing);
        assertTrue(listing.contains("permit-pty"), listing);
        assertTrue(listing.contains("Signing CA: RSA " + ca.publicKey().fingerprintSha256() + " (using rsa-sha2-512)"), listing);
    }
}
