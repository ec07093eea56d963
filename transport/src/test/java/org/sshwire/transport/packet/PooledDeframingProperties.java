package org.sshwire.transport.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.PayloadBufferPool;

/**
 * Packets opened into pooled arrays (the AEADs decrypting straight into them, the others opening
 * in place and copying) give exactly the payloads an ordinary deframer gives, for every protection
 * on both backends; and a payload that was not given back is never overwritten by later packets,
 * whichever others were given back (once or twice) meanwhile.
 */
class PooledDeframingProperties {
    @Provide
    Arbitrary<Suite> suites() {
        return Arbitraries.of(Suite.all());
    }

    @Provide
    Arbitrary<Integer> messageNumbers() {
        return Arbitraries.of(MessageNumbers.SSH_MSG_CHANNEL_DATA, MessageNumbers.SSH_MSG_CHANNEL_EXTENDED_DATA,
                MessageNumbers.SSH_MSG_IGNORE, MessageNumbers.SSH_MSG_CHANNEL_WINDOW_ADJUST);
    }

    @Property(tries = 150)
    void pooledPayloadsEqualCopiedOnesAndKeptOnesStayIntact(@ForAll("suites") Suite suite,
            @ForAll @Size(min = 1, max = 24) List<@IntRange(min = 0, max = 40000) Integer> lengths,
            @ForAll @Size(min = 24, max = 24) List<@IntRange(min = 0, max = 3) Integer> fates,
            @ForAll("messageNumbers") int msgId, @ForAll long seed) {
        PacketFramer framer = new PacketFramer(new SecureRandom());
        framer.setSealer(suite.sealer(seed));
        PacketDeframer copying = new PacketDeframer();
        copying.setOpener(suite.opener(seed));
        PacketDeframer pooled = new PacketDeframer();
        pooled.setOpener(suite.opener(seed));
        PayloadBufferPool pool = new PayloadBufferPool();
        pooled.setPayloadPool(pool);

        List<Bytes> kept = new ArrayList<>();
        List<byte[]> keptExpected = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            byte[] body = PacketProtectionProperties.payload(lengths.get(i), seed + i);
            byte[] wire = framer.frame(new Payload(i % 3 == 0 ? msgId : MessageNumbers.SSH_MSG_CHANNEL_DATA, Bytes.wrap(body)));
            Bytes expected = copying.poll(ByteBuffer.wrap(wire));
            Bytes got = pooled.poll(ByteBuffer.wrap(wire));
            assertArrayEquals(expected.toArray(), got.toArray(), "packet " + i);
            switch (fates.get(i)) {
                case 0 -> pool.release(got); // a reader copied it out
                case 1 -> { // a buggy double release must not let two packets share an array
                    pool.release(got);
                    pool.release(got);
                }
                default -> { // still held (buffered in a channel, or seen by a tap)
                    kept.add(got);
                    keptExpected.add(expected.toArray());
                }
            }
        }
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(keptExpected.get(i), kept.get(i).toArray(), "a payload still held was overwritten");
        }
        assertEquals(copying.sequence(), pooled.sequence());
    }
}
