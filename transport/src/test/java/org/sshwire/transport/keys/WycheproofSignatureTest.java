package org.sshwire.transport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.testvectors.Wycheproof;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * Wycheproof signature verification through {@link SshPublicKey#verify}, with each signature
 * re-encoded as an SSH signature blob: every valid signature verifies, every invalid one fails.
 */
class WycheproofSignatureTest {

    private static final CryptoBackend[] BACKENDS = {CryptoBackend.defaultBackend(), CryptoBackend.bcOnly()};

    private static byte[] hex(Object s) {
        return HexFormat.of().parseHex((String) s);
    }

    private static Bytes blob(String alg, byte[] sig) {
        return new SshWriter().writeUtf8(alg).writeString(sig).toBytes();
    }

    private static void check(Wycheproof.TestCase t, boolean verified, String file) {
        if (t.isValid()) {
            assertTrue(verified, file + " tcId " + t.tcId() + " valid but rejected: " + t.comment());
        } else if (t.isInvalid()) {
            assertFalse(verified, file + " tcId " + t.tcId() + " invalid but accepted: " + t.comment() + " " + t.flags());
        }
    }

    @org.junit.jupiter.api.Test
    void ed25519() {
        String file = "ed25519_test.json";
        Wycheproof.WycheproofFile f = Wycheproof.load(file);
        int n = 0;
        for (Wycheproof.TestGroup g : f.groups()) {
            SshPublicKey key = new Ed25519PublicKey(Bytes.wrap(hex(g.object("publicKey").get("pk"))));
            for (Wycheproof.TestCase t : g.tests()) {
                for (CryptoBackend crypto : BACKENDS) {
                    boolean ok = key.verify(SignatureAlgorithm.SSH_ED25519, blob("ssh-ed25519", t.hex("sig")), t.hex("msg"), crypto);
                    check(t, ok, file);
                    n++;
                }
            }
        }
        assertEquals(f.numberOfTests() * BACKENDS.length, n);
    }

    @ParameterizedTest
    @CsvSource({"ecdsa_secp256r1_sha256_p1363_test.json,nistp256,32", "ecdsa_secp384r1_sha384_p1363_test.json,nistp384,48",
            "ecdsa_secp521r1_sha512_p1363_test.json,nistp521,66"})
    void ecdsaP1363ReencodedAsMpints(String file, String curve, int fieldBytes) {
        Wycheproof.WycheproofFile f = Wycheproof.load(file);
        SignatureAlgorithm alg = SignatureAlgorithm.byName("ecdsa-sha2-" + curve);
        int n = 0;
        for (Wycheproof.TestGroup g : f.groups()) {
            Map<String, Object> pk = g.object("publicKey");
            for (Wycheproof.TestCase t : g.tests()) {
                for (CryptoBackend crypto : BACKENDS) {
                    boolean ok;
                    byte[] sig = t.hex("sig");
                    if (sig.length != 2 * fieldBytes) {
                        // Not a P1363 signature: there is no r‖s to re-encode, so it cannot verify.
                        ok = false;
                    } else {
                        SshPublicKey key;
                        try {
                            key = EcdsaPublicKey.of(curve, Bytes.wrap(hex(pk.get("uncompressed"))), crypto);
                        } catch (KeyFormatException e) {
                            check(t, false, file);
                            n++;
                            continue;
                        }
                        byte[] r = java.util.Arrays.copyOfRange(sig, 0, fieldBytes);
                        byte[] s = java.util.Arrays.copyOfRange(sig, fieldBytes, sig.length);
                        Bytes inner = new SshWriter().writeMpintUnsigned(r).writeMpintUnsigned(s).toBytes();
                        ok = key.verify(alg, blob(alg.name(), inner.toArray()), t.hex("msg"), crypto);
                    }
                    check(t, ok, file);
                    n++;
                }
            }
        }
        assertEquals(f.numberOfTests() * BACKENDS.length, n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_signature_2048_sha256_test.json", "rsa_signature_2048_sha512_test.json",
            "rsa_signature_3072_sha256_test.json", "rsa_signature_3072_sha512_test.json",
            "rsa_signature_4096_sha256_test.json", "rsa_signature_4096_sha512_test.json"})
    void rsaPkcs1WithKeyBlobBuiltFromModulusAndExponent(String file) {
        Wycheproof.WycheproofFile f = Wycheproof.load(file);
        int n = 0;
        for (Wycheproof.TestGroup g : f.groups()) {
            Map<String, Object> pk = g.object("publicKey");
            BigInteger modulus = new BigInteger(1, hex(pk.get("modulus")));
            BigInteger e = new BigInteger(1, hex(pk.get("publicExponent")));
            Bytes keyBlob = new SshWriter().writeUtf8("ssh-rsa").writeMpint(e).writeMpint(modulus).toBytes();
            SshPublicKey key = SshPublicKey.parse(keyBlob);
            SignatureAlgorithm alg = g.str("sha").equals("SHA-256") ? SignatureAlgorithm.RSA_SHA2_256 : SignatureAlgorithm.RSA_SHA2_512;
            SignatureAlgorithm other = alg == SignatureAlgorithm.RSA_SHA2_256 ? SignatureAlgorithm.RSA_SHA2_512 : SignatureAlgorithm.RSA_SHA2_256;
            for (Wycheproof.TestCase t : g.tests()) {
                for (CryptoBackend crypto : BACKENDS) {
                    check(t, key.verify(alg, blob(alg.name(), t.hex("sig")), t.hex("msg"), crypto), file);
                    if (t.isValid()) {
                        // A valid signature under the other algorithm (or with the other name in its blob) fails.
                        assertFalse(key.verify(other, blob(other.name(), t.hex("sig")), t.hex("msg"), crypto));
                    }
                    assertFalse(key.verify(alg, blob(other.name(), t.hex("sig")), t.hex("msg"), crypto));
                    n++;
                }
            }
        }
        assertEquals(f.numberOfTests() * BACKENDS.length, n);
    }
}
