package org.sshwire.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ECDH rejects every non-SSH encoding and out-of-range scalar (RFC 5656 §3.1, §4). */
class EcdhInputValidationTest {

    static Stream<Arguments> cases() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly()).flatMap(b -> Stream.of(
            Arguments.of(b, "nistp256", 32, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
            Arguments.of(b, "nistp384", 48, "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                + "581a0db248b0a77aecec196accc52973"),
            Arguments.of(b, "nistp521", 66, "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectsBadPeerPoints(CryptoBackend crypto, String curve, int len, String orderHex) {
        KeyAgreements ka = crypto.keyAgreements();
        KeyAgreements.EcKeyPair me = ka.ecdhGenerate(curve);
        byte[] good = ka.ecdhGenerate(curve).publicPoint();
        assertEquals(1 + 2 * len, good.length);
        assertEquals(len, ka.ecdhAgree(curve, me.privateScalar(), good).length);

        byte[] compressed = Arrays.copyOf(good, 1 + len);
        compressed[0] = (byte) (2 + (good[good.length - 1] & 1));
        byte[] hybrid = good.clone();
        hybrid[0] = (byte) (6 + (good[good.length - 1] & 1));
        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        byte[] xTooBig = good.clone();
        Arrays.fill(xTooBig, 1, 1 + len, (byte) 0xff);
        for (byte[] bad : new byte[][] {compressed, hybrid, offCurve, xTooBig, {0}, new byte[0],
                Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1), new byte[1 + 2 * len]}) {
            assertThrows(IllegalArgumentException.class, () -> ka.ecdhAgree(curve, me.privateScalar(), bad), curve);
        }
        assertThrows(IllegalArgumentException.class, () -> ka.ecdhAgree(curve, me.privateScalar(), null));
        String other = curve.equals("nistp256") ? "nistp384" : "nistp256";
        assertThrows(IllegalArgumentException.class, () -> ka.ecdhAgree(other, me.privateScalar(), good));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectsScalarsOutsideOneToNMinusOne(CryptoBackend crypto, String curve, int len, String orderHex) {
        KeyAgreements ka = crypto.keyAgreements();
        byte[] n = new java.math.BigInteger(orderHex, 16).toByteArray();
        byte[] nMinus1 = new java.math.BigInteger(orderHex, 16).subtract(java.math.BigInteger.ONE).toByteArray();
        assertEquals(1 + 2 * len, ka.ecdhFromPrivate(curve, nMinus1).publicPoint().length);
        assertEquals(1 + 2 * len, ka.ecdhFromPrivate(curve, new byte[] {1}).publicPoint().length);
        byte[] peer = ka.ecdhGenerate(curve).publicPoint();
        for (byte[] bad : new byte[][] {n, new byte[len], new byte[0], new byte[len + 2]}) {
            assertThrows(IllegalArgumentException.class, () -> ka.ecdhFromPrivate(curve, bad));
            assertThrows(IllegalArgumentException.class, () -> ka.ecdhAgree(curve, bad, peer));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectsUnknownCurveNames(CryptoBackend crypto, String curve, int len, String orderHex) {
        KeyAgreements ka = crypto.keyAgreements();
        for (String name : new String[] {"secp256r1", "nistp224", "", "NISTP256"}) {
            assertThrows(IllegalArgumentException.class, () -> ka.ecdhGenerate(name));
        }
        assertThrows(IllegalArgumentException.class, () -> ka.ecdhGenerate(null));
    }
}
