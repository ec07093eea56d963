package org.sshwire.transport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** Input bounds and fail-closed rules of the key layer (DESIGN §6). */
class KeyLimitsTest {
    private static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();

    private static Bytes rsaBlob(BigInteger n) {
        return new SshWriter().writeUtf8("ssh-rsa").writeMpint(BigInteger.valueOf(65537)).writeMpint(n).toBytes();
    }

    @Test
    void rsaModuliAbove16384BitsAreRefusedAtParse() {
        BigInteger big = BigInteger.ONE.shiftLeft(16384).add(BigInteger.ONE);
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> SshPublicKey.parse(rsaBlob(big)));
        assertTrue(e.getMessage().contains("16384"), e.getMessage());
        BigInteger ok = BigInteger.ONE.shiftLeft(16383).add(BigInteger.ONE);
        assertEquals(16384, ((RsaPublicKey) SshPublicKey.parse(rsaBlob(ok))).bits());
    }

    @Test
    void bcryptRoundsAboveTheBoundAreRefusedBeforeAnyWork() {
        SshKeyPair kp = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
        byte[] file = KeyFiles.writeOpenSsh(kp, "pw".toCharArray(), "c", CRYPTO);
        String text = new String(file, StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        // Patch the rounds field: magic(15) string cipher, string kdfname, string kdfoptions(string salt, uint32 rounds).
        SshReader r = new SshReader(der, 15, der.length - 15);
        r.readString();
        r.readString();
        int optionsAt = 15 + r.position() + 4;
        int roundsAt = optionsAt + 4 + 16;
        der[roundsAt] = 0x7f;
        String patched = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> KeyFiles.readPrivateKey(patched.getBytes(StandardCharsets.US_ASCII), "pw".toCharArray(), CRYPTO));
        assertFalse(e instanceof WrongPassphraseException);
        assertTrue(e.getMessage().contains("rounds"), e.getMessage());
    }

    @Test
    void verifyFailsClosedOnAlgorithmAndKeyTypeMismatch() {
        SshKeyPair rsa = SshKeyPair.generate("ssh-rsa", 2048, CRYPTO);
        SshKeyPair ed = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
        byte[] data = {1, 2, 3};
        Bytes sig256 = rsa.sign(SignatureAlgorithm.RSA_SHA2_256, data, CRYPTO);
        assertTrue(rsa.publicKey().verify(SignatureAlgorithm.RSA_SHA2_256, sig256, data, CRYPTO));
        assertFalse(rsa.publicKey().verify(SignatureAlgorithm.RSA_SHA2_512, sig256, data, CRYPTO));
        assertFalse(rsa.publicKey().verify(SignatureAlgorithm.SSH_RSA, sig256, data, CRYPTO));
        assertFalse(ed.publicKey().verify(SignatureAlgorithm.RSA_SHA2_256, sig256, data, CRYPTO));
        Bytes edSig = ed.sign(SignatureAlgorithm.SSH_ED25519, data, CRYPTO);
        assertFalse(ed.publicKey().verify(SignatureAlgorithm.SSH_ED25519, edSig.concat(Bytes.of((byte) 0)), data, CRYPTO));
        assertFalse(ed.publicKey().verify(null, edSig, data, CRYPTO));
        assertThrows(IllegalArgumentException.class, () -> ed.sign(SignatureAlgorithm.RSA_SHA2_256, data, CRYPTO));
    }

    @Test
    void signatureAlgorithmCatalogue() {
        assertEquals("ssh-rsa", SignatureAlgorithm.byName("rsa-sha2-256").keyType());
        assertEquals("ssh-rsa-cert-v01@openssh.com", SignatureAlgorithm.byName("rsa-sha2-512-cert-v01@openssh.com").keyType());
        assertEquals("rsa-sha2-512", SignatureAlgorithm.RSA_SHA2_512_CERT.signatureName());
        assertTrue(SignatureAlgorithm.SSH_RSA.legacy());
        assertFalse(SignatureAlgorithm.RSA_SHA2_256.legacy());
        assertEquals(null, SignatureAlgorithm.byName("ssh-dss"));
        assertEquals(18, SignatureAlgorithm.ALL.size());
    }
}
