package org.sshwire.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Both parties of an agreement derive the same secret, for random keys and both backends. */
class KeyAgreementProperties {

    @Provide
    Arbitrary<CryptoBackend> backends() {
        return Arbitraries.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    @Provide
    Arbitrary<byte[]> keys32() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<String> curves() {
        return Arbitraries.of("nistp256", "nistp384", "nistp521");
    }

    @Provide
    Arbitrary<byte[]> scalarBytes() {
        // 65 bytes: below n for every NIST curve once reduced to the curve's length.
        return Arbitraries.bytes().array(byte[].class).ofSize(65);
    }

    @Property(tries = 200)
    void x25519Commutes(@ForAll("backends") CryptoBackend crypto, @ForAll("keys32") byte[] a, @ForAll("keys32") byte[] b) {
        KeyAgreements ka = crypto.keyAgreements();
        byte[] ab = ka.x25519Agree(a, ka.x25519Public(b));
        byte[] ba = ka.x25519Agree(b, ka.x25519Public(a));
        assertArrayEquals(ab, ba);
        assertEquals(32, ab.length);
    }

    @Property(tries = 100)
    void ecdhCommutes(@ForAll("backends") CryptoBackend crypto, @ForAll("curves") String curve,
            @ForAll("scalarBytes") byte[] a, @ForAll("scalarBytes") byte[] b) {
        int len = switch (curve) {
            case "nistp256" -> 31; // shorter than n's byte length, so always < n
            case "nistp384" -> 47;
            default -> 65;
        };
        byte[] da = Arrays.copyOf(a, len);
        byte[] db = Arrays.copyOf(b, len);
        Assume.that(!Arrays.equals(da, new byte[len]) && !Arrays.equals(db, new byte[len]));
        KeyAgreements ka = crypto.keyAgreements();
        KeyAgreements.EcKeyPair pa = ka.ecdhFromPrivate(curve, da);
        KeyAgreements.EcKeyPair pb = ka.ecdhFromPrivate(curve, db);
        byte[] ab = ka.ecdhAgree(curve, pa.privateScalar(), pb.publicPoint());
        assertArrayEquals(ab, ka.ecdhAgree(curve, pb.privateScalar(), pa.publicPoint()));
        assertEquals(pa.publicPoint().length, 1 + 2 * ab.length);
        assertEquals(0x04, pa.publicPoint()[0]);
    }

    @Property(tries = 20)
    void generatedEcdhKeysAgree(@ForAll("backends") CryptoBackend crypto, @ForAll("curves") String curve) {
        KeyAgreements ka = crypto.keyAgreements();
        KeyAgreements.EcKeyPair a = ka.ecdhGenerate(curve);
        KeyAgreements.EcKeyPair b = ka.ecdhGenerate(curve);
        assertArrayEquals(a.publicPoint(), ka.ecdhFromPrivate(curve, a.privateScalar()).publicPoint());
        assertArrayEquals(ka.ecdhAgree(curve, a.privateScalar(), b.publicPoint()),
            ka.ecdhAgree(curve, b.privateScalar(), a.publicPoint()));
    }
}
