package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.internal.packet.Suite;

/** The deframer is total over any input in any split, and reassembles split packets exactly. */
class PacketDeframerProperties {
    private static final int SMALL_MAX = 4096;

    @Provide
    Arbitrary<Suite> suites() {
        return Arbitraries.of(Suite.all());
    }

    /** Cuts {@code data} at the given points (taken modulo its length) into consecutive chunks. */
    static List<ByteBuffer> split(byte[] data, List<Integer> cuts) {
        List<Integer> points = new ArrayList<>();
        for (int c : cuts) {
            points.add(data.length == 0 ? 0 : Math.floorMod(c, data.length + 1));
        }
        points.add(0);
        points.add(data.length);
        points = points.stream().distinct().sorted().toList();
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            out.add(ByteBuffer.wrap(data, points.get(i - 1), points.get(i) - points.get(i - 1)));
        }
        return out;
    }

    @Property(tries = 300)
    void packetsSplitAnywhereComeOutWholeAndInOrder(@ForAll("suites") Suite suite, @ForAll long seed,
            @ForAll @Size(max = 8) List<@IntRange(max = 3000) Integer> lengths,
            @ForAll @Size(max = 40) List<Integer> cuts, @ForAll boolean oneByteAtATime) {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(suite.sealer(seed));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Bytes> sent = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            byte[] p = PacketProtectionProperties.payload(lengths.get(i), seed + i);
            sent.add(Bytes.of(p));
            stream.writeBytes(framer.frame(p, 0, p.length));
        }
        byte[] wire = stream.toByteArray();
        PacketDeframer deframer = new PacketDeframer();
        deframer.setOpener(suite.opener(seed));
        List<Bytes> received = new ArrayList<>();
        List<ByteBuffer> chunks = oneByteAtATime ? split(wire, allOffsets(wire.length)) : split(wire, cuts);
        for (ByteBuffer chunk : chunks) {
            while (chunk.hasRemaining()) {
                Bytes p = deframer.poll(chunk);
                if (p != null) {
                    received.add(p);
                }
            }
        }
        assertEquals(sent, received);
        assertEquals(0, deframer.buffered());
    }

    private static List<Integer> allOffsets(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /**
     * Arbitrary bytes in arbitrary splits: each poll yields a payload, asks for more (null) or
     * raises a PacketException; nothing else, and the buffer never exceeds one maximum packet.
     */
    @Property(tries = 2000)
    void deframerIsTotalAndBoundedOverArbitraryInput(@ForAll("suites") Suite suite, @ForAll long seed,
            @ForAll @Size(max = 600) byte[] garbage, @ForAll @Size(max = 10) List<Integer> cuts,
            @ForAll boolean plausibleLength) {
        if (plausibleLength && garbage.length >= 4) {
            // Aim the length field at small values so the rest of the checks get exercised too.
            garbage[0] = 0;
            garbage[1] = 0;
            garbage[2] = (byte) (garbage[2] & 0x03);
        }
        PacketDeframer deframer = new PacketDeframer(SMALL_MAX);
        deframer.setOpener(suite.opener(seed));
        try {
            for (ByteBuffer chunk : split(garbage, cuts)) {
                while (chunk.hasRemaining()) {
                    deframer.poll(chunk);
                }
            }
        } catch (PacketException expected) {
            // a typed rejection is a correct answer
        }
        assertTrue(deframer.capacity() <= SMALL_MAX + 4 + 64, "buffer grew to " + deframer.capacity());
    }
}
