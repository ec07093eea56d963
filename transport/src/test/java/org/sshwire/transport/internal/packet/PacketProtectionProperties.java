package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.internal.packet.Suite;

/** Every protection round-trips every payload size at every sequence number, and detects tampering. */
class PacketProtectionProperties {
    /** The largest payload a default-size packet can carry with minimal padding. */
    static final int MAX_PAYLOAD = PacketDeframer.DEFAULT_MAX_PACKET_LENGTH - 1 - 4 - 16;

    @Provide
    Arbitrary<Suite> suites() {
        return Arbitraries.of(Suite.all());
    }

    @Provide
    Arbitrary<Suite> authenticatedSuites() {
        return Arbitraries.of(Suite.authenticated());
    }

    @Provide
    Arbitrary<Integer> payloadLengths() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 600)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, MAX_PAYLOAD)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 1, MAX_PAYLOAD - 1, MAX_PAYLOAD)));
    }

    @Provide
    Arbitrary<Integer> sequences() {
        // Around zero, around the 2^32 wrap, and anywhere.
        return Arbitraries.oneOf(Arbitraries.integers().between(-3, 3), Arbitraries.integers());
    }

    static byte[] payload(int length, long seed) {
        byte[] p = new byte[length];
        new Random(seed).nextBytes(p);
        return p;
    }

    @Property(tries = 400)
    void everyProtectionRoundTripsAnyPayloadAtAnySequence(@ForAll("suites") Suite suite,
            @ForAll("payloadLengths") int length, @ForAll("sequences") int seq, @ForAll long seed) {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        PacketDeframer deframer = new PacketDeframer();
        framer.setSealer(suite.sealer(seed));
        deframer.setOpener(suite.opener(seed));
        framer.setSequence(seq);
        deframer.setSequence(seq);
        // Three packets in a row, so the sequence crosses the 2^32 wrap when it starts at -1 or -2
        // and stateful counters (GCM invocation counter, CTR keystream) are exercised.
        for (int i = 0; i < 3; i++) {
            byte[] p = payload(i == 1 ? length : Math.min(length, 100), seed + i);
            byte[] wire = framer.frame(p, 0, p.length);
            PacketSealer shape = suite.sealer(seed);
            int aligned = wire.length - shape.tagLength() - (shape.lengthExcludedFromAlignment() ? 4 : 0);
            assertEquals(0, aligned % Math.max(8, suite.cipher().blockSize()), "block-aligned");
            ByteBuffer in = ByteBuffer.wrap(wire);
            Bytes got = deframer.poll(in);
            assertEquals(Bytes.of(p), got);
            assertEquals(0, in.remaining());
        }
        assertEquals(seq + 3, framer.sequence());
        assertEquals(seq + 3, deframer.sequence());
    }

    /** Opening into a new array (what the deframer does) gives exactly what opening in place does. */
    @Property(tries = 200)
    void openingIntoANewArrayMatchesOpeningInPlace(@ForAll("suites") Suite suite,
            @ForAll("payloadLengths") int length, @ForAll int seq, @ForAll long seed) {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(suite.sealer(seed));
        framer.setSequence(seq);
        byte[] p = payload(length, seed);
        byte[] wire = framer.frame(p, 0, p.length);
        PacketOpener inPlace = suite.opener(seed);
        PacketOpener toArray = suite.opener(seed);
        byte[] a = wire.clone();
        byte[] b = wire.clone();
        int len = 4 + inPlace.decryptLength(seq, a, 0);
        assertEquals(len, 4 + toArray.decryptLength(seq, b, 0));
        inPlace.open(seq, a, 0, len);
        byte[] plain = toArray.openToArray(seq, b, 0, len);
        assertEquals(Bytes.of(java.util.Arrays.copyOfRange(a, 4, len)), Bytes.of(plain));
    }

    @Property(tries = 400)
    void oneFlippedBitAnywhereIsDetected(@ForAll("authenticatedSuites") Suite suite,
            @ForAll @IntRange(max = 2000) int length, @ForAll int seq, @ForAll long seed, @ForAll int bitChoice) {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(suite.sealer(seed));
        framer.setSequence(seq);
        byte[] p = payload(length, seed);
        byte[] wire = framer.frame(p, 0, p.length);
        int bit = Math.floorMod(bitChoice, wire.length * 8);
        wire[bit / 8] ^= (byte) (1 << (bit % 8));

        PacketDeframer deframer = new PacketDeframer();
        deframer.setOpener(suite.opener(seed));
        deframer.setSequence(seq);
        assertRejected(deframer, wire);
    }

    /**
     * A corrupted length may make the deframer wait for more bytes: keep the stream going with
     * zeros until it must decide. It may never hand out a payload.
     */
    static void assertRejected(PacketDeframer deframer, byte[] wire) {
        assertThrows(PacketException.class, () -> {
            ByteBuffer in = ByteBuffer.wrap(wire);
            for (int round = 0; round < 64; round++) {
                assertNull(deframer.poll(in), "tampered packet accepted");
                in = ByteBuffer.allocate(PacketDeframer.DEFAULT_MAX_PACKET_LENGTH / 32);
            }
        });
    }

    @Property(tries = 100)
    void wrongSequenceNumberIsDetected(@ForAll("authenticatedSuites") Suite suite, @ForAll int seq, @ForAll long seed) {
        // GCM binds its own invocation counter rather than the sequence number (RFC 5647), so for
        // it a replayed or dropped packet shows up as the counter mismatch tested elsewhere.
        if (suite.cipher().kind() == CipherAlgorithm.Kind.AES_GCM) {
            return;
        }
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(suite.sealer(seed));
        framer.setSequence(seq);
        byte[] wire = framer.frame(new byte[] {5, 1, 2, 3}, 0, 4);
        PacketDeframer deframer = new PacketDeframer();
        deframer.setOpener(suite.opener(seed));
        deframer.setSequence(seq + 1);
        assertRejected(deframer, wire);
    }

    @Property(tries = 50)
    void droppedPacketIsDetectedByTheNextOne(@ForAll("authenticatedSuites") Suite suite, @ForAll long seed) {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(suite.sealer(seed));
        framer.frame(new byte[] {2, 0, 0, 0, 0}, 0, 5); // lost on the way
        byte[] second = framer.frame(new byte[] {2, 0, 0, 0, 0}, 0, 5);
        PacketDeframer deframer = new PacketDeframer();
        deframer.setOpener(suite.opener(seed));
        assertRejected(deframer, second);
    }
}
