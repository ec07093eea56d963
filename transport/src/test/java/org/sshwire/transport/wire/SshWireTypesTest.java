package org.sshwire.transport.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes from RFC 4251 §5 and the strictness rules. */
class SshWireTypesTest {

    private static byte[] hex(String s) {
        return Bytes.fromHex(s.replace(" ", "")).toArray();
    }

    @Test
    void anExactlyFullWriterHandsOverItsArrayAndLaterWritesDoNotReachIt() {
        SshWriter w = new SshWriter(16).writeUint64(1).writeUint64(2);
        byte[] handed = w.toByteArray();
        byte[] expected = handed.clone();
        w.patchUint32(0, 0xffffffffL);
        w.writeUint32(3);
        assertArrayEquals(expected, handed, "the writer moved to a fresh array before writing on");
        assertEquals(20, w.toByteArray().length);
        handed[0] = 9; // the caller owns it
        assertEquals(0xffffffffL, new SshReader(w.toByteArray()).readUint32());
    }

    @Test
    void anArrayViewedAsBytesIsNeverHandedOverForWriting() {
        SshWriter w = new SshWriter(16).writeUint64(1).writeUint64(2);
        Bytes view = w.toBytes();
        byte[] copy = w.toByteArray();
        copy[7] = 42;
        assertEquals(1, new SshReader(view).readUint64(), "the view keeps its bytes");
    }

    @Test
    void mpintExamplesFromRfc4251MatchByteForByte() {
        // RFC 4251 §5, the mpint examples table.
        Object[][] cases = {
            {"0", "00000000"},
            {"9a378f9b2e332a7", "00000008 09a378f9b2e332a7"},
            {"80", "00000002 0080"},
            {"-1234", "00000002 edcc"},
            {"-deadbeef", "00000005 ff21524111"},
        };
        for (Object[] c : cases) {
            BigInteger v = new BigInteger((String) c[0], 16);
            byte[] expected = hex((String) c[1]);
            assertArrayEquals(expected, new SshWriter().writeMpint(v).toByteArray(), "encode " + c[0]);
            SshReader r = new SshReader(expected);
            assertEquals(v, r.readMpint(), "decode " + c[0]);
            r.expectEnd();
        }
    }

    @Test
    void unsignedMpintMatchesBigIntegerEncoding() {
        byte[] mag = hex("0000ff01");
        assertArrayEquals(new SshWriter().writeMpint(new BigInteger(1, mag)).toByteArray(),
                new SshWriter().writeMpintUnsigned(mag).toByteArray());
        assertArrayEquals(hex("00000000"), new SshWriter().writeMpintUnsigned(new byte[4]).toByteArray());
    }

    @Test
    void nameListExamplesFromRfc4251() {
        assertArrayEquals(hex("00000000"), new SshWriter().writeNameList(List.of()).toByteArray());
        assertArrayEquals(hex("00000004 7a6c6962"), new SshWriter().writeNameList(List.of("zlib")).toByteArray());
        assertArrayEquals(hex("00000009 7a6c69622c6e6f6e65"),
                new SshWriter().writeNameList(List.of("zlib", "none")).toByteArray());
        assertEquals(List.of("zlib", "none"), new SshReader(hex("00000009 7a6c69622c6e6f6e65")).readNameList());
    }

    @Test
    void strictReaderRejectsNonCanonicalFormsThatLenientAccepts() {
        byte[] paddedMpint = hex("00000002 0001");
        assertThrows(WireFormatException.class, () -> new SshReader(paddedMpint).readMpint());
        assertEquals(BigInteger.ONE, new SshReader(paddedMpint).lenient().readMpint());

        byte[] trailingComma = hex("00000005 7a6c69622c");
        assertThrows(WireFormatException.class, () -> new SshReader(trailingComma).readNameList());
        assertEquals(List.of("zlib"), new SshReader(trailingComma).lenient().readNameList());

        byte[] two = hex("02");
        assertThrows(WireFormatException.class, () -> new SshReader(two).readBoolean());
        assertTrue(new SshReader(two).lenient().readBoolean());

        byte[] badUtf8 = hex("00000001 ff");
        assertThrows(WireFormatException.class, () -> new SshReader(badUtf8).readUtf8());

        byte[] trailing = hex("01 00");
        SshReader r = new SshReader(trailing);
        r.readByte();
        assertThrows(WireFormatException.class, r::expectEnd);
    }

    @Test
    void claimedLengthBeyondInputIsRejectedWithOffsetBeforeAllocation() {
        byte[] huge = hex("00 fffffff0 0102");
        SshReader r = new SshReader(huge);
        r.readByte();
        WireFormatException e = assertThrows(WireFormatException.class, r::readString);
        assertEquals(1, e.offset());
        assertEquals(1, r.position(), "a failed read consumes nothing");
    }

    @Test
    void bytesHaveValueEqualityAndHexToString() {
        assertEquals(Bytes.of((byte) 1, (byte) 2), Bytes.fromHex("0102"));
        assertFalse(Bytes.fromHex("0102").equals(Bytes.fromHex("0103")));
        assertFalse(Bytes.fromHex("0102").equals(Bytes.fromHex("010200")));
        assertEquals("0aff", Bytes.fromHex("0AFF").toString());
        assertEquals(Bytes.fromHex("0102").hashCode(), Bytes.fromHex("0102").hashCode());
        byte[] src = {1, 2};
        Bytes b = Bytes.of(src);
        src[0] = 9;
        assertEquals(1, b.get(0), "Bytes.of copies its input");
    }

    @Test
    void payloadSplitsNumberAndBody() {
        Payload p = Payload.parse(Bytes.fromHex("0500000004616263ff"));
        assertEquals(5, p.msgId());
        assertEquals("SSH_MSG_SERVICE_REQUEST(8 bytes)", p.toString());
        assertEquals(Bytes.fromHex("0500000004616263ff"), p.toBytes());
        assertThrows(WireFormatException.class, () -> Payload.parse(Bytes.EMPTY));
    }
}
