package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.ChaChaPolyKat;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.packet.ChaCha20Poly1305Protection;
import org.sshwire.transport.internal.packet.PacketException;

/** chacha20-poly1305@openssh.com against the external known answers, with both backends. */
class ChaChaPolyKatTest {

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sealReproducesLengthCiphertextAndTagAndOpenRestoresThePlaintext(CryptoBackend crypto) {
        List<ChaChaPolyKat.Vector> vectors = ChaChaPolyKat.load();
        assertEquals(2, vectors.size());
        for (ChaChaPolyKat.Vector v : vectors) {
            int len = 4 + v.plaintextAfterLength().length;
            byte[] packet = new byte[len + 16];
            System.arraycopy(v.plainLengthField(), 0, packet, 0, 4);
            System.arraycopy(v.plaintextAfterLength(), 0, packet, 4, len - 4);

            new ChaCha20Poly1305Protection(crypto, v.key64()).seal64(v.seqnr(), packet, 0, len);
            assertArrayEquals(v.encryptedLength(), Arrays.copyOfRange(packet, 0, 4), v.source());
            assertArrayEquals(v.ciphertext(), Arrays.copyOfRange(packet, 4, len), v.source());
            assertArrayEquals(v.tag(), Arrays.copyOfRange(packet, len, len + 16), v.source());

            ChaCha20Poly1305Protection opener = new ChaCha20Poly1305Protection(crypto, v.key64());
            assertEquals(len - 4, opener.decryptLength64(v.seqnr(), packet, 0));
            opener.open64(v.seqnr(), packet, 0, len);
            assertArrayEquals(v.plainLengthField(), Arrays.copyOfRange(packet, 0, 4));
            assertArrayEquals(v.plaintextAfterLength(), Arrays.copyOfRange(packet, 4, len));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void knownPacketWithOneWrongTagBitIsRefused(CryptoBackend crypto) {
        ChaChaPolyKat.Vector v = ChaChaPolyKat.load().get(0);
        int len = 4 + v.ciphertext().length;
        byte[] packet = new byte[len + 16];
        System.arraycopy(v.encryptedLength(), 0, packet, 0, 4);
        System.arraycopy(v.ciphertext(), 0, packet, 4, len - 4);
        System.arraycopy(v.tag(), 0, packet, len, 16);
        packet[len + 15] ^= (byte) 0x80;
        ChaCha20Poly1305Protection opener = new ChaCha20Poly1305Protection(crypto, v.key64());
        opener.decryptLength64(v.seqnr(), packet, 0);
        assertThrows(PacketException.MacMismatch.class, () -> opener.open64(v.seqnr(), packet, 0, len));
    }

    /**
     * Large packets (several SIMD keystream steps when the default backend has the Vector API)
     * sealed by one backend open with the other: a keystream that is wrong the same way in both
     * directions would still round-trip with one backend.
     */
    @org.junit.jupiter.api.Test
    void largePacketsSealedByOneBackendOpenWithTheOther() {
        java.util.Random rnd = new java.util.Random(4253);
        CryptoBackend[][] pairs = {
            {CryptoBackend.defaultBackend(), CryptoBackend.bcOnly()},
            {CryptoBackend.bcOnly(), CryptoBackend.defaultBackend()},
        };
        for (CryptoBackend[] pair : pairs) {
            for (int round = 0; round < 40; round++) {
                byte[] key64 = new byte[64];
                rnd.nextBytes(key64);
                long seqnr = round < 20 ? round : rnd.nextLong();
                int len = 4 + rnd.nextInt(66_000);
                byte[] packet = new byte[len + 16];
                rnd.nextBytes(packet);
                packet[0] = (byte) (len - 4 >>> 24);
                packet[1] = (byte) (len - 4 >>> 16);
                packet[2] = (byte) (len - 4 >>> 8);
                packet[3] = (byte) (len - 4);
                byte[] plain = Arrays.copyOf(packet, len);
                new ChaCha20Poly1305Protection(pair[0], key64).seal64(seqnr, packet, 0, len);
                ChaCha20Poly1305Protection opener = new ChaCha20Poly1305Protection(pair[1], key64);
                assertEquals(len - 4, opener.decryptLength64(seqnr, packet, 0));
                opener.open64(seqnr, packet, 0, len);
                assertArrayEquals(plain, Arrays.copyOf(packet, len), pair[0].name() + " to " + pair[1].name() + ", length " + len);
            }
        }
    }
}
