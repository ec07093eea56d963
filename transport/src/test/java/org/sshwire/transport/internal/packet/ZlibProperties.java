package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.zip.Deflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.internal.packet.ZlibDecompressor;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.internal.packet.ZlibCompressor;

/** The zlib packet path: round trips over one stream, and a decompressor that is total and bounded. */
class ZlibProperties {
    static final int MAX = PacketDeframer.DEFAULT_MAX_PACKET_LENGTH;

    @Provide
    Arbitrary<List<byte[]>> payloadStreams() {
        Arbitrary<byte[]> one = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(3000),
                Arbitraries.integers().between(1, 70_000).map(n -> new byte[n]),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(2000).map(String::getBytes));
        return one.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 150)
    void payloadsRoundTripInOrderOverOneStream(@ForAll("payloadStreams") List<byte[]> payloads) {
        ZlibCompressor c = new ZlibCompressor();
        ZlibDecompressor d = new ZlibDecompressor(MAX);
        for (byte[] p : payloads) {
            byte[] z = c.compress(p, 0, p.length);
            assertEquals(Bytes.of(p), d.decompress(Bytes.of(z)));
        }
    }

    /** Decoder is total: arbitrary bytes give a payload or a CompressionException, never anything else. */
    @Property(tries = 1000)
    void arbitraryBytesGiveAPayloadOrACompressionError(@ForAll @Size(max = 2000) byte[] junk, @ForAll boolean header) {
        ZlibDecompressor d = new ZlibDecompressor(MAX);
        byte[] in = junk;
        if (header && junk.length > 0) {
            in = new byte[junk.length + 2];
            in[0] = 0x78;
            in[1] = (byte) 0x9c;
            System.arraycopy(junk, 0, in, 2, junk.length);
        }
        try {
            Bytes out = d.decompress(Bytes.of(in));
            assertTrue(out.length() <= MAX);
        } catch (ZlibDecompressor.CompressionException expected) {
            // the clear error the transport turns into DISCONNECT COMPRESSION_ERROR
        }
    }

    @Property(tries = 30)
    void aBombIsRefusedWhateverItsSize(@ForAll("bombSizes") int size) {
        Deflater def = new Deflater(9);
        def.setInput(new byte[size]);
        byte[] z = new byte[size / 100 + 1024];
        int n = def.deflate(z, 0, z.length, Deflater.SYNC_FLUSH);
        ZlibDecompressor d = new ZlibDecompressor(MAX);
        assertThrows(ZlibDecompressor.CompressionException.class, () -> d.decompress(Bytes.of(java.util.Arrays.copyOf(z, n))));
    }

    @Provide
    Arbitrary<Integer> bombSizes() {
        return Arbitraries.integers().between(MAX + 1, 16 * MAX);
    }
}
