package org.sshwire.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.Wycheproof;
import org.sshwire.testvectors.Wycheproof.TestCase;
import org.sshwire.testvectors.Wycheproof.TestGroup;
import org.sshwire.testvectors.Wycheproof.WycheproofFile;
import org.sshwire.transport.wire.Bytes;

/**
 * Wycheproof through the crypto seam, for both backends: every valid case gives the expected
 * output, every invalid case is rejected.
 */
class WycheproofPrimitivesTest {

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    private static String id(WycheproofFile f, TestCase t) {
        return f.algorithm() + " tcId " + t.tcId() + " (" + t.comment() + ")";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aesGcmWith96BitNonceAnd128BitTag(CryptoBackend crypto) {
        WycheproofFile file = Wycheproof.load("aes_gcm_test.json");
        int valid = 0;
        int invalid = 0;
        for (TestGroup g : file.groups()) {
            if (g.integer("ivSize") != 96 || g.integer("tagSize") != 128) {
                continue; // SSH uses only 12-byte nonces and 16-byte tags (RFC 5647 §7.1)
            }
            for (TestCase t : g.tests()) {
                byte[] key = t.hex("key");
                byte[] iv = t.hex("iv");
                byte[] aad = t.hex("aad");
                byte[] msg = t.hex("msg");
                byte[] expected = concat(t.hex("ct"), t.hex("tag"));
                Aead gcm = crypto.aesGcm(key);
                byte[] out = new byte[expected.length];
                boolean opened = gcm.open(iv, aad, 0, aad.length, expected, 0, expected.length, out, 0);
                if (t.isValid()) {
                    assertTrue(opened, id(file, t));
                    assertArrayEquals(msg, Arrays.copyOf(out, msg.length), id(file, t));
                    byte[] sealed = new byte[msg.length + 16];
                    crypto.aesGcm(key).seal(iv, aad, 0, aad.length, msg, 0, msg.length, sealed, 0);
                    assertArrayEquals(expected, sealed, id(file, t));
                    valid++;
                } else if (t.isInvalid()) {
                    assertFalse(opened, id(file, t));
                    invalid++;
                }
            }
        }
        assertTrue(valid > 50 && invalid > 10, "valid " + valid + ", invalid " + invalid);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hmacSha1Sha256Sha512(CryptoBackend crypto) {
        String[][] files = {{"hmac_sha1_test.json", "SHA-1"}, {"hmac_sha256_test.json", "SHA-256"},
            {"hmac_sha512_test.json", "SHA-512"}};
        for (String[] f : files) {
            WycheproofFile file = Wycheproof.load(f[0]);
            int checked = 0;
            for (TestGroup g : file.groups()) {
                for (TestCase t : g.tests()) {
                    byte[] msg = t.hex("msg");
                    byte[] tag = t.hex("tag");
                    Mac mac = crypto.hmac(f[1], t.hex("key"));
                    mac.update(msg, 0, msg.length);
                    byte[] full = new byte[mac.length()];
                    mac.doFinal(full, 0);
                    // Truncated tags compare against the prefix (RFC 2104 §5).
                    boolean matches = tag.length <= full.length && Bytes.constantTimeEquals(full, 0, tag, 0, tag.length);
                    if (t.isValid()) {
                        assertTrue(matches, id(file, t));
                    } else if (t.isInvalid()) {
                        assertFalse(matches, id(file, t));
                    }
                    checked++;
                }
            }
            assertEquals(file.numberOfTests(), checked, f[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chacha20Poly1305FromTheSeamPrimitives(CryptoBackend crypto) {
        WycheproofFile file = Wycheproof.load("chacha20_poly1305_test.json");
        int checked = 0;
        for (TestGroup g : file.groups()) {
            for (TestCase t : g.tests()) {
                Rfc8439Aead aead = new Rfc8439Aead(crypto, t.hex("key"));
                byte[] iv = t.hex("iv");
                if (iv.length != 12) {
                    // Only 96-bit nonces exist in RFC 8439; the seam must refuse the rest.
                    assertTrue(t.isInvalid(), id(file, t));
                    assertThrows(IllegalArgumentException.class, () -> aead.open(iv, t.hex("aad"), t.hex("ct"), t.hex("tag")));
                    checked++;
                    continue;
                }
                byte[] opened = aead.open(iv, t.hex("aad"), t.hex("ct"), t.hex("tag"));
                if (t.isValid()) {
                    assertArrayEquals(t.hex("msg"), opened, id(file, t));
                    assertArrayEquals(concat(t.hex("ct"), t.hex("tag")), aead.seal(iv, t.hex("aad"), t.hex("msg")), id(file, t));
                } else if (t.isInvalid()) {
                    assertNull(opened, id(file, t));
                } else {
                    fail("unexpected result " + t.result());
                }
                checked++;
            }
        }
        assertEquals(file.numberOfTests(), checked);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
