package org.sshwire.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.Wycheproof;
import org.sshwire.testvectors.Wycheproof.TestCase;
import org.sshwire.testvectors.Wycheproof.WycheproofFile;

/**
 * Wycheproof ML-KEM-768 through the seam, for both backends. Deterministic encapsulation with the
 * vectors' message {@code m} is not reachable through the seam (randomness is the backend's);
 * {@code crypto.internal.bc.BcMlKemDeterministicTest} checks those ciphertexts and secrets.
 */
class WycheproofMlKemTest {

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    private static String id(WycheproofFile f, TestCase t) {
        return "ML-KEM tcId " + t.tcId() + " (" + t.comment() + ", " + t.flags() + ")";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keyGenerationFromSeed(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        WycheproofFile file = Wycheproof.load("mlkem_768_keygen_seed_test.json");
        int checked = 0;
        for (TestCase t : file.allTests()) {
            assertTrue(t.isValid(), id(file, t));
            KeyAgreements.KemKeyPair kp = ka.mlkem768FromSeed(t.hex("seed"));
            assertArrayEquals(t.hex("ek"), kp.publicKey(), id(file, t));
            assertArrayEquals(t.hex("dk"), kp.privateKey(), id(file, t));
            checked++;
        }
        assertEquals(file.numberOfTests(), checked);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void encapsulationRejectsInvalidKeysAndAcceptsValidOnes(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        WycheproofFile file = Wycheproof.load("mlkem_768_encaps_test.json");
        int valid = 0;
        int invalid = 0;
        for (TestCase t : file.allTests()) {
            byte[] ek = t.hex("ek");
            if (t.isValid()) {
                KeyAgreements.KemEncapsulation enc = ka.mlkem768Encapsulate(ek);
                assertEquals(KeyAgreements.MLKEM768_CIPHERTEXT_LENGTH, enc.ciphertext().length, id(file, t));
                assertEquals(KeyAgreements.KEM_SECRET_LENGTH, enc.sharedSecret().length, id(file, t));
                valid++;
            } else {
                assertTrue(t.isInvalid(), id(file, t));
                assertThrows(IllegalArgumentException.class, () -> ka.mlkem768Encapsulate(ek), id(file, t));
                invalid++;
            }
        }
        assertEquals(file.numberOfTests(), valid + invalid);
        assertEquals(133, valid);
        assertEquals(132, invalid);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void decapsulationFromSeed(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        WycheproofFile file = Wycheproof.load("mlkem_768_test.json");
        int valid = 0;
        int invalid = 0;
        for (TestCase t : file.allTests()) {
            byte[] seed = t.hex("seed");
            byte[] c = t.hex("c");
            if (t.isValid()) {
                KeyAgreements.KemKeyPair kp = ka.mlkem768FromSeed(seed);
                assertArrayEquals(t.hex("ek"), kp.publicKey(), id(file, t));
                assertArrayEquals(t.hex("K"), ka.mlkem768Decapsulate(kp.privateKey(), c), id(file, t));
                valid++;
            } else {
                assertTrue(t.isInvalid(), id(file, t));
                // Invalid cases: a seed of the wrong length, or a ciphertext of the wrong length.
                assertThrows(IllegalArgumentException.class,
                    () -> ka.mlkem768Decapsulate(ka.mlkem768FromSeed(seed).privateKey(), c), id(file, t));
                invalid++;
            }
        }
        assertEquals(file.numberOfTests(), valid + invalid);
        assertEquals(153, valid);
        assertEquals(40, invalid);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void decapsulationWithExpandedKeyChecksTheKey(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        WycheproofFile file = Wycheproof.load("mlkem_768_semi_expanded_decaps_test.json");
        int valid = 0;
        int invalid = 0;
        for (TestCase t : file.allTests()) {
            byte[] dk = t.hex("dk");
            byte[] c = t.hex("c");
            if (t.isValid()) {
                assertArrayEquals(t.hex("K"), ka.mlkem768Decapsulate(dk, c), id(file, t));
                valid++;
            } else {
                assertTrue(t.isInvalid(), id(file, t));
                assertThrows(IllegalArgumentException.class, () -> ka.mlkem768Decapsulate(dk, c), id(file, t));
                invalid++;
            }
        }
        assertEquals(3, valid);
        assertEquals(6, invalid);
    }
}
