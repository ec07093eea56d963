package org.sshwire.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.transport.crypto.KeyAgreements.KemEncapsulation;
import org.sshwire.transport.crypto.KeyAgreements.KemKeyPair;

/** sntrup761 and ML-KEM-768 through the seam: round trips, lengths, implicit rejection. */
class KemRoundTripTest {

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sntrup761RoundTrip(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        KemKeyPair kp = ka.sntrup761Generate();
        assertEquals(KeyAgreements.SNTRUP761_PUBLIC_LENGTH, kp.publicKey().length);
        KemEncapsulation enc = ka.sntrup761Encapsulate(kp.publicKey());
        assertEquals(KeyAgreements.SNTRUP761_CIPHERTEXT_LENGTH, enc.ciphertext().length);
        assertEquals(KeyAgreements.KEM_SECRET_LENGTH, enc.sharedSecret().length);
        assertArrayEquals(enc.sharedSecret(), ka.sntrup761Decapsulate(kp.privateKey(), enc.ciphertext()));
        // Fresh randomness: a second encapsulation differs.
        KemEncapsulation again = ka.sntrup761Encapsulate(kp.publicKey());
        assertFalse(Arrays.equals(enc.sharedSecret(), again.sharedSecret()));
        assertFalse(Arrays.equals(kp.publicKey(), ka.sntrup761Generate().publicKey()));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sntrup761FlippedCiphertextBitGivesAnotherSecret(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        KemKeyPair kp = ka.sntrup761Generate();
        KemEncapsulation enc = ka.sntrup761Encapsulate(kp.publicKey());
        for (int bit : new int[] {0, 7, 8 * 500 + 3, 8 * KeyAgreements.SNTRUP761_CIPHERTEXT_LENGTH - 1}) {
            byte[] c = enc.ciphertext().clone();
            c[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] k = ka.sntrup761Decapsulate(kp.privateKey(), c);
            assertEquals(KeyAgreements.KEM_SECRET_LENGTH, k.length);
            assertFalse(Arrays.equals(enc.sharedSecret(), k), "bit " + bit);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sntrup761RejectsWrongLengths(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        KemKeyPair kp = ka.sntrup761Generate();
        byte[] c = ka.sntrup761Encapsulate(kp.publicKey()).ciphertext();
        for (int delta : new int[] {-1, 1}) {
            byte[] pk = Arrays.copyOf(kp.publicKey(), kp.publicKey().length + delta);
            assertThrows(IllegalArgumentException.class, () -> ka.sntrup761Encapsulate(pk));
            byte[] badC = Arrays.copyOf(c, c.length + delta);
            assertThrows(IllegalArgumentException.class, () -> ka.sntrup761Decapsulate(kp.privateKey(), badC));
            byte[] sk = Arrays.copyOf(kp.privateKey(), kp.privateKey().length + delta);
            assertThrows(IllegalArgumentException.class, () -> ka.sntrup761Decapsulate(sk, c));
        }
        assertThrows(IllegalArgumentException.class, () -> ka.sntrup761Encapsulate(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ka.sntrup761Encapsulate(null));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mlkem768RoundTripAndImplicitRejection(CryptoBackend crypto) {
        KeyAgreements ka = crypto.keyAgreements();
        KemKeyPair kp = ka.mlkem768Generate();
        assertEquals(KeyAgreements.MLKEM768_PUBLIC_LENGTH, kp.publicKey().length);
        assertEquals(KeyAgreements.MLKEM768_PRIVATE_LENGTH, kp.privateKey().length);
        KemEncapsulation enc = ka.mlkem768Encapsulate(kp.publicKey());
        assertArrayEquals(enc.sharedSecret(), ka.mlkem768Decapsulate(kp.privateKey(), enc.ciphertext()));
        byte[] c = enc.ciphertext().clone();
        c[100] ^= 0x10;
        assertFalse(Arrays.equals(enc.sharedSecret(), ka.mlkem768Decapsulate(kp.privateKey(), c)));
        assertFalse(Arrays.equals(kp.publicKey(), ka.mlkem768Generate().publicKey()));
        assertThrows(IllegalArgumentException.class, () -> ka.mlkem768FromSeed(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> ka.mlkem768Encapsulate(Arrays.copyOf(kp.publicKey(), 1183)));
        assertThrows(IllegalArgumentException.class, () -> ka.mlkem768Decapsulate(kp.privateKey(), Arrays.copyOf(c, 1087)));
    }
}
