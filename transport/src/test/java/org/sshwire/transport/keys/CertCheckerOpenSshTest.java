package org.sshwire.transport.keys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * CertChecker as strict as OpenSSH 10.x, with certificates made by the real {@code ssh-keygen -s}:
 * no principals, exact principals, the signature algorithm of the CA key's type, and
 * CASignatureAlgorithms.
 */
class CertCheckerOpenSshTest {
    private static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();

    @TempDir
    Path dir;

    private SshPublicKey edCa;
    private SshPublicKey rsaCa;

    @BeforeEach
    void keys() throws IOException {
        SshKeygen.ok(dir, "-q", "-t", "ed25519", "-f", "ca_ed", "-N", "");
        SshKeygen.ok(dir, "-q", "-t", "rsa", "-b", "2048", "-f", "ca_rsa", "-N", "");
        SshKeygen.ok(dir, "-q", "-t", "ed25519", "-f", "user", "-N", "");
        edCa = pub("ca_ed.pub");
        rsaCa = pub("ca_rsa.pub");
    }

    private SshPublicKey pub(String file) throws IOException {
        return KeyFiles.readPublicKeyLine(Files.readString(dir.resolve(file), StandardCharsets.UTF_8).strip());
    }

    /** ssh-keygen -s ca ... user.pub; returns user-cert.pub. */
    private SshCertificate sign(String... args) throws IOException {
        Files.deleteIfExists(dir.resolve("user-cert.pub"));
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "user.pub";
        SshKeygen.ok(dir, all);
        return (SshCertificate) pub("user-cert.pub");
    }

    private CertChecker checker() {
        return CertChecker.create(CRYPTO).withUserAuthority(k -> k.equals(edCa) || k.equals(rsaCa))
                .withHostAuthority(k -> k.equals(edCa) || k.equals(rsaCa));
    }

    private static CertificateException.Reason refused(Runnable r) {
        return assertThrows(CertificateException.class, r::run).reason();
    }

    @Test
    void aUserCertificateWithoutPrincipalsIsRefused() throws IOException {
        SshCertificate cert = sign("-s", "ca_ed", "-I", "nobody");
        assertTrue(cert.principals().isEmpty());
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT, refused(() -> checker().checkUserCert("root", cert)));
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT, refused(() -> checker().checkCert("", cert)));
    }

    @Test
    void aHostCertificateWithoutPrincipalsIsRefused() throws IOException {
        SshCertificate cert = sign("-s", "ca_ed", "-I", "anyhost", "-h");
        assertEquals(SshCertificate.CertType.HOST, cert.certType());
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT,
                refused(() -> checker().checkHostCert("localhost", cert)));
    }

    @Test
    void principalsMatchExactlyAndACommaNeverSplitsOne() throws IOException {
        // ssh-keygen -n splits on commas: two principals.
        SshCertificate two = sign("-s", "ca_ed", "-I", "two", "-n", "a,b");
        assertEquals(List.of("a", "b"), two.principals());
        assertDoesNotThrow(() -> checker().checkUserCert("a", two));
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT, refused(() -> checker().checkUserCert("a,b", two)));
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT, refused(() -> checker().checkUserCert("A", two)));
        // One principal "a,b", signed by the ssh-keygen-made CA through CertificateBuilder.
        SshKeyPair ca = KeyFiles.readPrivateKey(Files.readAllBytes(dir.resolve("ca_ed")), null, CRYPTO);
        SshCertificate one = new CertificateBuilder(pub("user.pub"), SshCertificate.CertType.USER)
                .keyId("one").principals(List.of("a,b")).sign(ca, SignatureAlgorithm.SSH_ED25519, CRYPTO);
        assertEquals(List.of("a,b"), one.principals());
        assertDoesNotThrow(() -> checker().checkUserCert("a,b", one));
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT, refused(() -> checker().checkUserCert("a", one)));
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT, refused(() -> checker().checkUserCert("b", one)));
        assertEquals(CertificateException.Reason.PRINCIPAL_ABSENT, refused(() -> checker().checkUserCert("a*", one)));
    }

    /** The certificate with its CA signature blob renamed to {@code algorithm} (signature bytes kept). */
    static SshCertificate renamedSignature(SshCertificate cert, String algorithm) {
        SignatureBlob sig = SignatureBlob.parse(cert.signature());
        Bytes renamed = new SshWriter().writeUtf8(algorithm).writeString(sig.signature()).toBytes();
        SshWriter w = new SshWriter();
        w.writeRaw(cert.signedData());
        w.writeString(renamed);
        return SshCertificate.parse(w.toBytes());
    }

    @Test
    void theSignatureAlgorithmMustBelongToTheCaKeyType() throws IOException {
        SshCertificate ed = sign("-s", "ca_ed", "-I", "ed", "-n", "root");
        assertDoesNotThrow(() -> checker().checkUserCert("root", ed));
        for (String other : List.of("rsa-sha2-256", "rsa-sha2-512", "ssh-rsa", "ecdsa-sha2-nistp256",
                "ssh-ed25519-cert-v01@openssh.com", "no-such-alg")) {
            SshCertificate forged = renamedSignature(ed, other);
            CertificateException e = assertThrows(CertificateException.class,
                    () -> checker().withLegacySignatures(true).checkUserCert("root", forged), other);
            assertEquals(CertificateException.Reason.BAD_SIGNATURE, e.reason(), other);
        }
        SshCertificate rsa = sign("-s", "ca_rsa", "-I", "rsa", "-n", "root", "-t", "rsa-sha2-512");
        assertEquals("rsa-sha2-512", rsa.signatureAlgorithmName());
        assertDoesNotThrow(() -> checker().checkUserCert("root", rsa));
        for (String other : List.of("ssh-ed25519", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-256")) {
            SshCertificate forged = renamedSignature(rsa, other);
            assertEquals(CertificateException.Reason.BAD_SIGNATURE,
                    refused(() -> checker().checkUserCert("root", forged)), other);
        }
    }

    @Test
    void anSshRsaCaSignatureIsRefusedByDefaultAndAcceptedWhenCaSignatureAlgorithmsAllowsIt() throws IOException {
        SshCertificate sha1 = sign("-s", "ca_rsa", "-I", "sha1", "-n", "root", "-t", "ssh-rsa");
        assertEquals("ssh-rsa", sha1.signatureAlgorithmName());
        assertEquals(CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS, checker().caSignatureAlgorithms());
        CertificateException e = assertThrows(CertificateException.class, () -> checker().checkUserCert("root", sha1));
        assertEquals(CertificateException.Reason.BAD_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains("CASignatureAlgorithms"), e.getMessage());
        assertDoesNotThrow(() -> checker().withLegacySignatures(true).checkUserCert("root", sha1));
        assertDoesNotThrow(() -> checker().withCaSignatureAlgorithms(List.of("ssh-rsa")).checkUserCert("root", sha1));
        // A list without the algorithm refuses an otherwise good certificate.
        SshCertificate sha2 = sign("-s", "ca_rsa", "-I", "sha2", "-n", "root", "-t", "rsa-sha2-256");
        assertDoesNotThrow(() -> checker().checkUserCert("root", sha2));
        assertEquals(CertificateException.Reason.BAD_SIGNATURE,
                refused(() -> checker().withCaSignatureAlgorithms(List.of("ssh-ed25519", "rsa-sha2-512"))
                        .checkUserCert("root", sha2)));
        assertTrue(checker().withLegacySignatures(true).allowLegacySignatures());
        assertEquals(CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS,
                checker().withLegacySignatures(true).withLegacySignatures(false).caSignatureAlgorithms());
    }
}
