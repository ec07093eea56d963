package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.internal.packet.Suite;

/** Golden packets and the hostile-length rules of RFC 4253 §6. */
class PacketDeframerTest {

    /** A SecureRandom that yields zeros, so framed bytes are fixed. */
    static final class ZeroRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    @Test
    void unencryptedPacketHasMinimalPaddingToEightBytes() {
        PacketFramer framer = new PacketFramer(new ZeroRandom());
        // SSH_MSG_IGNORE with an empty string: 5-byte payload, 1+5 = 6, padded to 4+1+5+6 = 16.
        byte[] wire = framer.frame(Bytes.fromHex("0200000000").toArray(), 0, 5);
        assertEquals("0000000c" + "06" + "0200000000" + "000000000000", Bytes.of(wire).toHex());
        assertEquals(1, framer.sequence());
    }

    @Test
    void paddingIsAtLeastFourBytesAndCoversAWholeBlock() {
        PacketFramer framer = new PacketFramer(new ZeroRandom());
        // 4+1+7 = 12 needs 4 to reach 16; 4+1+8 = 13 needs 3, which is below 4, so 11.
        assertEquals(4, framer.paddingLength(7));
        assertEquals(11, framer.paddingLength(8));
    }

    @Test
    void claimedLengthAboveMaximumIsRefusedBeforeAllocation() {
        PacketDeframer deframer = new PacketDeframer();
        PacketException e = assertThrows(PacketException.class,
                () -> deframer.poll(ByteBuffer.wrap(Bytes.fromHex("ffffff00").toArray())));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.disconnectReason());
        assertTrue(deframer.capacity() < 1024, "no buffer for the claimed 4 GiB");
        assertThrows(PacketException.class,
                () -> new PacketDeframer().poll(ByteBuffer.wrap(Bytes.fromHex("00040001").toArray())));
    }

    @Test
    void misalignedLengthAndShortPaddingAreProtocolErrors() {
        // length 13: 4 + 13 = 17 is not a multiple of 8
        assertThrows(PacketException.Malformed.class,
                () -> new PacketDeframer().poll(ByteBuffer.wrap(Bytes.fromHex("0000000d").toArray())));
        // length 12, padding 3 (< 4)
        byte[] shortPad = Bytes.fromHex("0000000c" + "03" + "0200000000000000" + "000000").toArray();
        assertThrows(PacketException.Malformed.class, () -> new PacketDeframer().poll(ByteBuffer.wrap(shortPad)));
        // padding longer than the packet
        byte[] longPad = Bytes.fromHex("0000000c" + "0c" + "0200000000000000" + "000000").toArray();
        assertThrows(PacketException.Malformed.class, () -> new PacketDeframer().poll(ByteBuffer.wrap(longPad)));
    }

    @Test
    void macFailureIsItsOwnErrorKindAndSaysNothingMore() {
        Suite suite = new Suite(org.sshwire.transport.crypto.CryptoBackend.defaultBackend(),
                CipherAlgorithm.AES128_CTR, MacAlgorithm.HMAC_SHA2_256_ETM);
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(suite.sealer(1));
        byte[] wire = framer.frame(new byte[] {2, 0, 0, 0, 0}, 0, 5);
        wire[wire.length - 1] ^= 1;
        PacketDeframer deframer = new PacketDeframer();
        deframer.setOpener(suite.opener(1));
        PacketException e = assertThrows(PacketException.MacMismatch.class, () -> deframer.poll(ByteBuffer.wrap(wire)));
        assertEquals(DisconnectReason.MAC_ERROR, e.disconnectReason());
        assertEquals("message authentication code incorrect", e.getMessage());
    }

    @Test
    void deframerStopsAtPacketBoundarySoKeysCanChangeBetweenPackets() {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        byte[] a = framer.frame(new byte[] {21}, 0, 1); // NEWKEYS in clear
        Suite suite = new Suite(org.sshwire.transport.crypto.CryptoBackend.defaultBackend(),
                CipherAlgorithm.CHACHA20_POLY1305, MacAlgorithm.NONE);
        framer.setSealer(suite.sealer(7));
        byte[] b = framer.frame(new byte[] {2, 0, 0, 0, 0}, 0, 5);
        ByteBuffer both = ByteBuffer.allocate(a.length + b.length).put(a).put(b).flip();
        PacketDeframer deframer = new PacketDeframer();
        assertEquals(Bytes.of((byte) 21), deframer.poll(both));
        assertEquals(b.length, both.remaining(), "nothing of the next packet consumed");
        deframer.setOpener(suite.opener(7));
        assertEquals(Bytes.fromHex("0200000000"), deframer.poll(both));
        assertNull(deframer.poll(both));
    }
}
