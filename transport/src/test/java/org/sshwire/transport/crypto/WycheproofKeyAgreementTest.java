package org.sshwire.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.Wycheproof;
import org.sshwire.testvectors.Wycheproof.TestCase;
import org.sshwire.testvectors.Wycheproof.TestGroup;
import org.sshwire.testvectors.Wycheproof.WycheproofFile;

/**
 * Wycheproof X25519 and ECDH (uncompressed points, as SSH sends them) through the seam, for both
 * backends. Policy for Wycheproof's "acceptable" cases:
 * <ul>
 *   <li>X25519: the 31 {@code ZeroSharedSecret} cases must be rejected (RFC 8731 §3); every
 *       other acceptable case (twist points, non-canonical u, low-order points whose result is
 *       not zero — 223 cases) is accepted and must give the listed secret. So: reject exactly when
 *       the listed shared secret is all zero.</li>
 *   <li>ECDH: the one acceptable case per curve is a compressed public point; SSH sends only
 *       uncompressed points (RFC 5656 §3.1), so we reject it, like every invalid case.</li>
 * </ul>
 */
class WycheproofKeyAgreementTest {

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    static Stream<Arguments> backendsAndCurves() {
        return backends().flatMap(b -> Stream.of(
            Arguments.of(b, "nistp256", "ecdh_secp256r1_ecpoint_test.json"),
            Arguments.of(b, "nistp384", "ecdh_secp384r1_ecpoint_test.json"),
            Arguments.of(b, "nistp521", "ecdh_secp521r1_ecpoint_test.json")));
    }

    private static String id(WycheproofFile f, TestCase t) {
        return f.algorithm() + " tcId " + t.tcId() + " (" + t.comment() + ", " + t.flags() + ")";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void x25519(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        WycheproofFile file = Wycheproof.load("x25519_test.json");
        int valid = 0;
        int zeroRejected = 0;
        int acceptableAccepted = 0;
        int checked = 0;
        for (TestGroup g : file.groups()) {
            for (TestCase t : g.tests()) {
                byte[] expected = t.hex("shared");
                boolean zero = Arrays.equals(expected, new byte[32]);
                if (t.hasFlag("ZeroSharedSecret") || zero) {
                    assertTrue(zero && t.hasFlag("ZeroSharedSecret") && !t.isValid(), id(file, t));
                    assertThrows(IllegalArgumentException.class, () -> ka.x25519Agree(t.hex("private"), t.hex("public")), id(file, t));
                    zeroRejected++;
                } else if (t.isValid() || t.isAcceptable()) {
                    assertArrayEquals(expected, ka.x25519Agree(t.hex("private"), t.hex("public")), id(file, t));
                    if (t.isValid()) {
                        valid++;
                    } else {
                        acceptableAccepted++;
                    }
                } else {
                    fail("x25519 file has no invalid cases; unexpected " + id(file, t));
                }
                checked++;
            }
        }
        assertEquals(file.numberOfTests(), checked);
        assertEquals(264, valid);
        assertEquals(31, zeroRejected);
        assertEquals(223, acceptableAccepted);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void x25519PublicKeyMatchesDiffieHellmanWithTheBasePoint(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        byte[] base = new byte[32];
        base[0] = 9; // RFC 7748 §4.1: u = 9
        for (TestCase t : Wycheproof.load("x25519_test.json").allTests()) {
            if (t.isValid()) {
                assertArrayEquals(ka.x25519Agree(t.hex("private"), base), ka.x25519Public(t.hex("private")));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void x25519RejectsWrongLengths(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        byte[] priv = new byte[32];
        priv[0] = 1;
        byte[] pub = ka.x25519Public(priv);
        for (int len : new int[] {0, 31, 33, 64}) {
            assertThrows(IllegalArgumentException.class, () -> ka.x25519Agree(priv, new byte[len]));
            assertThrows(IllegalArgumentException.class, () -> ka.x25519Agree(new byte[len], pub));
            assertThrows(IllegalArgumentException.class, () -> ka.x25519Public(new byte[len]));
        }
        assertThrows(IllegalArgumentException.class, () -> ka.x25519Agree(priv, null));
    }

    @ParameterizedTest
    @MethodSource("backendsAndCurves")
    void ecdhWithUncompressedPoints(CryptoBackend crypto, String curve, String fileName) {
        KeyAgreements ka = crypto.keyAgreements();
        WycheproofFile file = Wycheproof.load(fileName);
        int valid = 0;
        int rejected = 0;
        int acceptableCompressed = 0;
        for (TestGroup g : file.groups()) {
            assertEquals("ecpoint", g.str("encoding"));
            for (TestCase t : g.tests()) {
                byte[] priv = t.hex("private");
                byte[] pub = t.hex("public");
                if (t.isValid()) {
                    assertArrayEquals(t.hex("shared"), ka.ecdhAgree(curve, priv, pub), id(file, t));
                    valid++;
                } else {
                    if (t.isAcceptable()) {
                        // Only compressed points are "acceptable"; not an SSH encoding.
                        assertTrue(t.hasFlag("CompressedPoint") || t.hasFlag("CompressedPublic"), id(file, t));
                        acceptableCompressed++;
                    }
                    assertThrows(IllegalArgumentException.class, () -> ka.ecdhAgree(curve, priv, pub), id(file, t));
                    rejected++;
                }
            }
        }
        assertEquals(file.numberOfTests(), valid + rejected);
        assertEquals(1, acceptableCompressed, "acceptable cases in " + fileName);
        assertTrue(valid > 300 && rejected > 15, "valid " + valid + ", rejected " + rejected);
    }

    @ParameterizedTest
    @MethodSource("backendsAndCurves")
    void ecdhPublicPointFromWycheproofPrivateKeyAgreesWithPeer(CryptoBackend crypto, String curve, String fileName) {
        KeyAgreements ka = crypto.keyAgreements();
        int n = 0;
        for (TestCase t : Wycheproof.load(fileName).allTests()) {
            if (!t.isValid() || n++ > 20) {
                continue;
            }
            // Both directions: our public point for their scalar, fed to a fresh key, agrees.
            KeyAgreements.EcKeyPair theirs = ka.ecdhFromPrivate(curve, t.hex("private"));
            KeyAgreements.EcKeyPair ours = ka.ecdhGenerate(curve);
            assertArrayEquals(ka.ecdhAgree(curve, ours.privateScalar(), theirs.publicPoint()),
                ka.ecdhAgree(curve, theirs.privateScalar(), ours.publicPoint()), fileName + " tcId " + t.tcId());
        }
    }
}
