package org.sshwire.transport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sshwire.transport.crypto.CryptoBackend;

/** Round trips with the real ssh-keygen (OpenSSH), in both directions. */
class SshKeygenInteropTest {
    private static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    private static final String PASS = "correct horse";

    @TempDir
    Path dir;

    private byte[] read(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }

    private List<String> genArgs(String type, String bits, String file, String pass, String format) {
        List<String> a = new ArrayList<>(List.of("-q", "-t", type, "-f", file, "-N", pass, "-C", "made by ssh-keygen"));
        if (!bits.isEmpty()) {
            a.addAll(List.of("-b", bits));
        }
        if (!format.isEmpty()) {
            a.addAll(List.of("-m", format));
        }
        return a;
    }

    @ParameterizedTest
    @CsvSource({"ed25519,,''", "ecdsa,256,''", "ecdsa,384,''", "ecdsa,521,''", "rsa,2048,''",
            "ecdsa,256,PEM", "ecdsa,384,PKCS8", "rsa,2048,PEM", "rsa,2048,PKCS8"})
    void keysSshKeygenGeneratesLoadWithAndWithoutPassphrase(String type, String bits, String format) throws IOException {
        for (String pass : List.of("", PASS)) {
            String file = "id_" + type + bits + (pass.isEmpty() ? "" : "_pw");
            SshKeygen.ok(dir, genArgs(type, bits == null ? "" : bits, file, pass, format).toArray(String[]::new));
            SshKeyPair kp = KeyFiles.readPrivateKey(read(file), pass.isEmpty() ? null : pass.toCharArray(), CRYPTO);
            String pubLine = new String(read(file + ".pub"), StandardCharsets.UTF_8).strip();
            assertEquals(KeyFiles.readPublicKeyLine(pubLine), kp.publicKey(), file);
            assertEquals(SshKeygen.fingerprint(dir, file + ".pub"), kp.publicKey().fingerprintSha256());
            if (format.isEmpty()) {
                assertEquals("made by ssh-keygen", kp.comment());
            }
            if (!pass.isEmpty()) {
                assertThrows(WrongPassphraseException.class,
                        () -> KeyFiles.readPrivateKey(read(file), "wrong".toCharArray(), CRYPTO));
            }
            // The key signs and its own public key verifies.
            for (SignatureAlgorithm alg : SignatureAlgorithm.forKeyType(kp.publicKey().keyType())) {
                byte[] data = "exchange hash".getBytes(StandardCharsets.UTF_8);
                assertTrue(kp.publicKey().verify(alg, kp.sign(alg, data, CRYPTO), data, CRYPTO), alg.name());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"ssh-ed25519,0", "ecdsa-sha2-nistp256,0", "ecdsa-sha2-nistp384,384", "ecdsa-sha2-nistp521,0", "ssh-rsa,2048"})
    void keysSshwireWritesAreAcceptedBySshKeygen(String type, int bits) throws IOException {
        SshKeyPair kp = SshKeyPair.generate(type, bits, CRYPTO);
        for (String pass : List.of("", PASS)) {
            String file = "sshwire_" + type + (pass.isEmpty() ? "" : "_pw");
            Path p = dir.resolve(file);
            Files.write(p, KeyFiles.writeOpenSsh(kp, pass.isEmpty() ? null : pass.toCharArray(), "sshwire@test", CRYPTO));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            String y = SshKeygen.ok(dir, "-y", "-P", pass, "-f", file).strip();
            assertEquals(kp.publicKey(), KeyFiles.readPublicKeyLine(y));
            assertEquals(kp.publicKey().fingerprintSha256(), SshKeygen.fingerprint(dir, file));
            String md5 = SshKeygen.ok(dir, "-l", "-E", "md5", "-f", file).strip().split(" ")[1];
            assertEquals(kp.publicKey().fingerprintMd5(), md5);
            // And we read back what we wrote.
            assertTrue(kp.sameKeyAs(KeyFiles.readPrivateKey(Files.readAllBytes(p), pass.isEmpty() ? null : pass.toCharArray(), CRYPTO)));
        }
    }

    @Test
    void rsaKeysBelow2048BitsAreNotGenerated() {
        assertThrows(IllegalArgumentException.class, () -> SshKeyPair.generate("ssh-rsa", 1024, CRYPTO));
    }

    private SshCertificate sign(String ca, String id, String principals, String validity, boolean host) throws IOException {
        SshKeygen.ok(dir, "-q", "-t", "ed25519", "-N", "", "-f", id);
        List<String> args = new ArrayList<>(List.of("-q", "-s", ca, "-I", "key-" + id, "-n", principals, "-V", validity, "-z", "42"));
        if (host) {
            args.add("-h");
        }
        args.add(id + ".pub");
        SshKeygen.ok(dir, args.toArray(String[]::new));
        String line = new String(read(id + "-cert.pub"), StandardCharsets.UTF_8);
        return (SshCertificate) KeyFiles.readPublicKeyLine(line);
    }

    private SshPublicKey pub(String name) throws IOException {
        return KeyFiles.readPublicKeyLine(new String(read(name + ".pub"), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"ed25519,''", "ecdsa,384", "rsa,2048"})
    void certificatesMadeBySshKeygenVerifyAndAreCheckedByCertChecker(String caType, String bits) throws IOException {
        List<String> caArgs = new ArrayList<>(List.of("-q", "-t", caType, "-N", "", "-f", "ca"));
        if (bits != null && !bits.isEmpty()) {
            caArgs.addAll(List.of("-b", bits));
        }
        SshKeygen.ok(dir, caArgs.toArray(String[]::new));
        SshKeygen.ok(dir, "-q", "-t", "ed25519", "-N", "", "-f", "otherca");
        SshPublicKey ca = pub("ca");
        SshPublicKey otherCa = pub("otherca");

        SshCertificate user = sign("ca", "user", "alice,bob", "-5m:+1h", false);
        assertTrue(user.verifySignature(CRYPTO));
        assertEquals(List.of("alice", "bob"), user.principals());
        assertEquals("key-user", user.keyId());
        assertEquals(42, user.serial());
        assertTrue(user.hasExtension("permit-pty"));
        assertEquals(pub("user"), user.key());

        CertChecker checker = CertChecker.userAuthority(ca::equals, CRYPTO);
        checker.checkUserCert("alice", user);
        checker.checkCert("bob", user);
        assertReason(CertificateException.Reason.PRINCIPAL_ABSENT, () -> checker.checkUserCert("carol", user));
        assertReason(CertificateException.Reason.WRONG_CA,
                () -> CertChecker.userAuthority(otherCa::equals, CRYPTO).checkUserCert("alice", user));
        assertReason(CertificateException.Reason.WRONG_CERT_TYPE, () -> checker.checkHostCert("alice", user));
        assertReason(CertificateException.Reason.REVOKED,
                () -> checker.withRevoked(c -> c.serial() == 42).checkUserCert("alice", user));
        Clock later = Clock.fixed(Instant.now().plusSeconds(7200), ZoneOffset.UTC);
        assertReason(CertificateException.Reason.EXPIRED, () -> checker.withClock(later).checkUserCert("alice", user));
        Clock earlier = Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC);
        assertReason(CertificateException.Reason.NOT_YET_VALID, () -> checker.withClock(earlier).checkUserCert("alice", user));

        SshCertificate expired = sign("ca", "old", "alice", "20000101:20000102", false);
        assertTrue(expired.verifySignature(CRYPTO));
        assertReason(CertificateException.Reason.EXPIRED, () -> checker.checkUserCert("alice", expired));

        SshCertificate host = sign("ca", "host", "server.example.com", "always:forever", true);
        assertEquals(SshCertificate.FOREVER, host.validBefore());
        CertChecker.hostAuthority(ca::equals, CRYPTO).checkHostCert("server.example.com", host);
        assertReason(CertificateException.Reason.WRONG_CA, () -> checker.checkHostCert("server.example.com", host));
        assertReason(CertificateException.Reason.PRINCIPAL_ABSENT,
                () -> CertChecker.hostAuthority(ca::equals, CRYPTO).checkHostCert("evil.example.com", host));
    }

    @Test
    void certificateCriticalOptionsAreParsed() throws IOException {
        SshKeygen.ok(dir, "-q", "-t", "ed25519", "-N", "", "-f", "ca");
        SshKeygen.ok(dir, "-q", "-t", "ed25519", "-N", "", "-f", "u");
        SshKeygen.ok(dir, "-q", "-s", "ca", "-I", "id", "-n", "alice", "-O", "force-command=/bin/true",
                "-O", "source-address=10.0.0.0/8", "-O", "no-pty", "u.pub");
        SshCertificate c = (SshCertificate) KeyFiles.readPublicKeyLine(new String(read("u-cert.pub"), StandardCharsets.UTF_8));
        assertEquals("/bin/true", c.criticalOption("force-command").orElseThrow());
        assertEquals("10.0.0.0/8", c.criticalOption("source-address").orElseThrow());
        assertTrue(!c.hasExtension("permit-pty"));
        assertTrue(c.hasExtension("permit-port-forwarding"));
        CertChecker.userAuthority(pub("ca")::equals, CRYPTO).checkUserCert("alice", c);
    }

    private static void assertReason(CertificateException.Reason reason, Runnable r) {
        CertificateException e = assertThrows(CertificateException.class, r::run);
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
