package org.sshwire.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;

class SftpFramingTest {
    @Test
    void aPacketClaiming4GiBIsRejectedWithoutAllocating() {
        SftpFraming f = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET);
        assertThrows(WireFormatException.class, () -> f.feed(ByteBuffer.wrap(Bytes.fromHex("ffffffff01").toArray())));
    }

    @Test
    void oneByteOverTheMaximumIsRejected() {
        SftpFraming f = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET);
        assertThrows(WireFormatException.class, () -> f.feed(ByteBuffer.wrap(Bytes.fromHex("00040001").toArray())));
    }

    @Test
    void packetsSplitAcrossFeedsByteByByteAreReassembled() {
        byte[] a = new SftpPacket.Stat(1, "x").toFrame();
        byte[] b = new SftpPacket.Lstat(2, "yy").toFrame();
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        SftpFraming f = new SftpFraming(1024);
        for (byte x : all) {
            f.feed(ByteBuffer.wrap(new byte[] {x}));
        }
        assertEquals(new SftpPacket.Stat(1, "x"), SftpPacket.decode(f.next()));
        assertArrayEquals(new SftpPacket.Lstat(2, "yy").encode().toArray(), f.next());
        assertNull(f.next());
    }

    @Test
    void aTruncatedPacketIsReportedAsMidPacket() {
        SftpFraming f = new SftpFraming(1024);
        f.feed(ByteBuffer.wrap(Bytes.fromHex("0000000511").toArray()));
        assertTrue(f.isMidPacket());
        assertNull(f.next());
    }
}
