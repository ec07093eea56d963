package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.internal.packet.PacketFramer;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.internal.packet.PacketException;

/**
 * The CBC countermeasure of OpenSSH packet.c (ssh_packet_start_discard): with a CBC cipher and a
 * MAC over the plaintext, a bad length, bad alignment or MAC failure is reported only once the
 * maximum packet length has arrived counted from the packet's first byte, whichever check
 * failed; with CTR or EtM the error is immediate, as in OpenSSH.
 */
class CbcDiscardTest {
    static final int MAX = PacketDeframer.DEFAULT_MAX_PACKET_LENGTH;

    static byte[] sealed(Suite s, long seed, int payloadLength) {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(s.sealer(seed));
        return framer.frame(new byte[payloadLength], 0, payloadLength);
    }

    /** Feeds {@code wire}, then zeros one byte at a time; returns the total bytes fed when the error came. */
    static long bytesUntilError(PacketDeframer d, byte[] wire) {
        long fed = 0;
        ByteBuffer in = ByteBuffer.wrap(wire);
        try {
            while (in.hasRemaining()) {
                int before = in.remaining();
                assertNull(d.poll(in));
                fed += before - in.remaining();
            }
            ByteBuffer zero = ByteBuffer.allocate(1);
            while (true) {
                zero.clear();
                assertNull(d.poll(zero));
                fed++;
            }
        } catch (PacketException.MacMismatch e) {
            return fed + 1;
        }
    }

    @Property(tries = 40)
    void everyFailureEndsAtTheSameTotal(@ForAll @IntRange(min = 0, max = 3) int cipher,
            @ForAll @IntRange(min = 0, max = 2) int where, @ForAll @IntRange(max = 3000) int length, @ForAll long seed) {
        CipherAlgorithm c = java.util.List.of(CipherAlgorithm.AES128_CBC, CipherAlgorithm.AES192_CBC,
                CipherAlgorithm.AES256_CBC, CipherAlgorithm.TRIPLE_DES_CBC).get(cipher);
        Suite s = new Suite(CryptoBackend.defaultBackend(), c, MacAlgorithm.HMAC_SHA1);
        byte[] wire = sealed(s, seed, length);
        switch (where) {
            case 0 -> wire[0] ^= 0x40; // length: now absurd
            case 1 -> wire[wire.length - 1] ^= 1; // MAC
            default -> wire[c.blockSize() + 1] ^= 1; // payload
        }
        PacketDeframer d = new PacketDeframer();
        d.setOpener(s.opener(seed));
        long total = bytesUntilError(d, wire);
        // The first poll that completes the fixed amount throws: that byte was the MAX-th.
        assertEquals(MAX, total, "a failed CBC packet costs the peer exactly " + MAX + " bytes");
    }

    @Test
    void aFailedCbcPacketIsNotBuffered() {
        Suite s = new Suite(CryptoBackend.bcOnly(), CipherAlgorithm.AES128_CBC, MacAlgorithm.HMAC_MD5);
        byte[] wire = sealed(s, 1, 100);
        wire[wire.length - 1] ^= 1;
        PacketDeframer d = new PacketDeframer();
        d.setOpener(s.opener(1));
        assertNull(d.poll(ByteBuffer.wrap(wire)));
        assertTrue(d.discarding());
        assertNull(d.poll(ByteBuffer.allocate(MAX / 2)));
        assertEquals(0, d.buffered());
        assertTrue(d.capacity() < 4096, "discarded bytes are dropped, not kept");
        assertThrows(PacketException.MacMismatch.class, () -> d.poll(ByteBuffer.allocate(MAX)));
    }

    @Test
    void ctrAndEtmFailAtOnce() {
        for (Suite s : java.util.List.of(
                new Suite(CryptoBackend.defaultBackend(), CipherAlgorithm.AES128_CTR, MacAlgorithm.HMAC_SHA1),
                new Suite(CryptoBackend.defaultBackend(), CipherAlgorithm.AES128_CBC, MacAlgorithm.HMAC_SHA1_ETM))) {
            byte[] wire = sealed(s, 2, 50);
            wire[wire.length - 1] ^= 1;
            PacketDeframer d = new PacketDeframer();
            d.setOpener(s.opener(2));
            assertThrows(PacketException.MacMismatch.class, () -> d.poll(ByteBuffer.wrap(wire)));
            assertFalse(d.discarding());
        }
    }
}
