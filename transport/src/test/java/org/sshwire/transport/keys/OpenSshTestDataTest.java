package org.sshwire.transport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.testvectors.VectorFiles;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.wire.Bytes;

/** openssh-portable regress/unittests/sshkey/testdata: every supported file parses and matches its metadata. */
class OpenSshTestDataTest {
    private static final String DIR = "openssh-sshkey-testdata/";

    static Path file(String name) {
        return VectorFiles.require(DIR + name);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8).strip();
    }

    static char[] pw() {
        return text("pw").toCharArray();
    }

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    /** Supported private key files and the name of the key they hold (its .fp and .pub files). */
    @ParameterizedTest
    @CsvSource({"ecdsa_1,ecdsa_1", "ecdsa_2,ecdsa_2", "ecdsa_n,ecdsa_1", "ed25519_1,ed25519_1", "ed25519_2,ed25519_2",
            "rsa_1,rsa_1", "rsa_2,rsa_2", "rsa_n,rsa_1", "rsa_1_sha1,rsa_1", "rsa_1_sha512,rsa_1"})
    void privateKeyFileParsesToTheFingerprintOfItsFpFile(String file, String key) {
        for (CryptoBackend crypto : backends().toList()) {
            SshKeyPair kp = KeyFiles.readPrivateKey(bytes(file), null, crypto);
            assertEquals(text(key + ".fp"), kp.publicKey().fingerprintSha256(), file);
            SshPublicKey pub = KeyFiles.readPublicKeyLine(text(key + ".pub"));
            assertEquals(pub, kp.publicKey());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_1", "ecdsa_2", "ed25519_1", "ed25519_2", "rsa_1", "rsa_2", "rsa_1_sha1", "rsa_1_sha512"})
    void publicKeyLineMatchesFingerprintAndRoundTrips(String name) {
        KeyFiles.PublicKeyLine line = KeyFiles.parsePublicKeyLine(text(name + ".pub"));
        if (Files.exists(file(name).resolveSibling(name + ".fp"))) {
            assertEquals(text(name + ".fp"), line.key().fingerprintSha256());
        }
        assertEquals(text(name + ".pub"), line.key().toOpenSshLine(line.comment()));
        assertEquals(line.key(), SshPublicKey.parse(line.key().blob()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_1", "ecdsa_n", "ed25519_1", "rsa_1", "rsa_n"})
    void encryptedTwinDecryptsWithPwToTheSameKey(String name) {
        for (CryptoBackend crypto : backends().toList()) {
            SshKeyPair plain = KeyFiles.readPrivateKey(bytes(name), null, crypto);
            SshKeyPair decrypted = KeyFiles.readPrivateKey(bytes(name + "_pw"), pw(), crypto);
            assertTrue(plain.sameKeyAs(decrypted), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_1_pw", "ecdsa_n_pw", "ed25519_1_pw", "rsa_1_pw", "rsa_n_pw"})
    void wrongOrMissingPassphraseIsWrongPassphraseNotCorruption(String name) {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        assertThrows(WrongPassphraseException.class, () -> KeyFiles.readPrivateKey(bytes(name), "nope".toCharArray(), crypto));
        assertThrows(WrongPassphraseException.class, () -> KeyFiles.readPrivateKey(bytes(name), null, crypto));
    }

    @Test
    void corruptFileIsKeyFormatExceptionNotWrongPassphrase() {
        byte[] f = bytes("ed25519_1");
        String s = new String(f, StandardCharsets.US_ASCII).replace("b3BlbnNzaC1rZXktdjEAAAAA", "b3BlbnNzaC1rZXktdjIAAAAA");
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> KeyFiles.readPrivateKey(s.getBytes(StandardCharsets.US_ASCII), null, CryptoBackend.defaultBackend()));
        assertTrue(!(e instanceof WrongPassphraseException), e.toString());
    }

    private static BigInteger hexParam(String name) {
        return new BigInteger(text(name), 16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_1", "ecdsa_2"})
    void ecdsaParamsMatch(String name) {
        SshKeyPair kp = KeyFiles.readPrivateKey(bytes(name), null, CryptoBackend.defaultBackend());
        EcdsaPublicKey pub = (EcdsaPublicKey) kp.publicKey();
        PrivateKey.Ecdsa priv = (PrivateKey.Ecdsa) kp.privateKey();
        assertEquals(hexParam(name + ".param.priv"), priv.d());
        assertEquals(Bytes.fromHex(text(name + ".param.pub")), pub.point());
        String curve = switch (text(name + ".param.curve")) {
            case "prime256v1" -> "nistp256";
            case "secp384r1" -> "nistp384";
            case "secp521r1" -> "nistp521";
            default -> throw new AssertionError(text(name + ".param.curve"));
        };
        assertEquals(curve, pub.curve());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_1", "rsa_2"})
    void rsaParamsMatch(String name) {
        SshKeyPair kp = KeyFiles.readPrivateKey(bytes(name), null, CryptoBackend.defaultBackend());
        Signatures.RsaPrivate k = ((PrivateKey.Rsa) kp.privateKey()).key();
        assertEquals(hexParam(name + ".param.n"), k.n());
        assertEquals(hexParam(name + ".param.p"), k.p());
        assertEquals(hexParam(name + ".param.q"), k.q());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_1-cert", "ed25519_1-cert", "rsa_1-cert", "rsa_1_sha1-cert", "rsa_1_sha512-cert"})
    void certificatesParseAndVerifyAgainstTheirCa(String name) {
        SshCertificate cert = assertInstanceOf(SshCertificate.class, KeyFiles.readPublicKeyLine(text(name + ".pub")));
        for (CryptoBackend crypto : backends().toList()) {
            assertTrue(cert.verifySignature(crypto), name);
        }
        String base = name.substring(0, name.length() - "-cert".length());
        assertEquals(KeyFiles.readPublicKeyLine(text(base + ".pub")), cert.key());
        if (Files.exists(file(name + ".pub").resolveSibling(name + ".fp"))) {
            assertEquals(text(name + ".fp"), cert.key().fingerprintSha256());
        }
        // The CA is one of the test keys.
        List<SshPublicKey> known = new ArrayList<>();
        for (String k : List.of("ecdsa_1", "ecdsa_2", "ed25519_1", "ed25519_2", "rsa_1", "rsa_2")) {
            known.add(KeyFiles.readPublicKeyLine(text(k + ".pub")));
        }
        assertTrue(known.contains(cert.signatureKey()), "CA of " + name + " is a test key");
        // Tampering with any signed byte breaks the signature.
        byte[] blob = cert.blob().toArray();
        blob[40] ^= 1;
        try {
            SshCertificate tampered = SshCertificate.parse(Bytes.wrap(blob));
            assertTrue(!tampered.verifySignature(CryptoBackend.defaultBackend()));
        } catch (KeyFormatException expected) {
            // also fine: the flip broke the structure
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mldsa44_ed25519_1", "mldsa44_ed25519_2"})
    void unsupportedKeyTypesAreRefusedClearly(String name) {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        UnsupportedKeyTypeException e = assertThrows(UnsupportedKeyTypeException.class,
                () -> KeyFiles.readPrivateKey(bytes(name), null, crypto));
        assertTrue(e.getMessage().startsWith("unsupported key type: "), e.getMessage());
        e = assertThrows(UnsupportedKeyTypeException.class, () -> KeyFiles.readPublicKeyLine(text(name + ".pub")));
        assertTrue(e.getMessage().startsWith("unsupported key type: "), e.getMessage());
        if (name.endsWith("1")) {
            assertThrows(UnsupportedKeyTypeException.class, () -> KeyFiles.readPrivateKey(bytes(name + "_pw"), pw(), crypto));
            assertThrows(UnsupportedKeyTypeException.class, () -> KeyFiles.readPublicKeyLine(text(name + "-cert.pub")));
        }
    }

    /**
     * FIDO security keys (PROTOCOL.u2f): public keys and certificates parse with the
     * fingerprints ssh-keygen recorded, the private files (plain and passphrase-protected) give
     * the key handle blob for a provider, and they are never mistaken for a key we can sign with.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_sk1", "ecdsa_sk2", "ed25519_sk1", "ed25519_sk2"})
    void securityKeysParseWithTheirFingerprintsAndCertificates(String name) {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        SshPublicKey pub = KeyFiles.readPublicKeyLine(text(name + ".pub"));
        assertTrue(pub instanceof SecurityKeyPublicKey, pub.keyType());
        assertEquals(text(name + ".fp").strip(), pub.fingerprintSha256());
        assertEquals("ssh:", ((SecurityKeyPublicKey) pub).application());
        SecurityKeyFile f = KeyFiles.readSecurityKey(bytes(name), null, crypto);
        assertEquals(pub, f.publicKey());
        assertTrue(f.serialized().length() > pub.blob().length(), "key handle included");
        assertThrows(UnsupportedKeyTypeException.class, () -> KeyFiles.readPrivateKey(bytes(name), null, crypto));
        if (name.endsWith("1")) {
            assertEquals(f, KeyFiles.readSecurityKey(bytes(name + "_pw"), pw(), crypto));
            assertThrows(WrongPassphraseException.class, () -> KeyFiles.readSecurityKey(bytes(name + "_pw"), null, crypto));
            SshCertificate cert = (SshCertificate) KeyFiles.readPublicKeyLine(text(name + "-cert.pub"));
            assertEquals(pub, cert.key());
            assertTrue(cert.keyType().startsWith("sk-") && cert.keyType().endsWith("-cert-v01@openssh.com"), cert.keyType());
            assertTrue(cert.verifySignature(crypto), "the CA's signature");
            assertEquals(text(name + "-cert.fp").strip(), cert.key().fingerprintSha256(), "ssh-keygen -l prints the key's");
        }
    }
}
