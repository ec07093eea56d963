package org.sshwire.transport.packet;

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
}
