package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.internal.packet.PacketBufferPool;
import org.sshwire.transport.internal.packet.PacketFramer;
import org.sshwire.transport.internal.packet.PacketDeframer;

/**
 * Packets sealed into reused (dirty) pool arrays, and CHANNEL_DATA framed straight from the
 * caller's array, open to exactly the payload an ordinary {@link PacketFramer#frame(Payload)}
 * carries, for every protection on both backends.
 */
class PooledFramingProperties {
    @Provide
    Arbitrary<Suite> suites() {
        return Arbitraries.of(Suite.all());
    }

    @Property(tries = 200)
    void pooledAndDirectPacketsOpenToTheSamePayloads(@ForAll("suites") Suite suite,
            @ForAll @IntRange(min = 0, max = 40000) int dataLength, @ForAll @IntRange(min = 0, max = 32) int at,
            @ForAll long recipient, @ForAll long seed) {
        long rcpt = recipient & 0xffffffffL;
        PacketBufferPool pool = new PacketBufferPool();
        for (int i = 0; i < 3; i++) { // dirty arrays, as after earlier packets
            byte[] junk = new byte[64 * 1024];
            Arrays.fill(junk, (byte) 0x5a);
            pool.give(junk);
        }
        PacketFramer framer = new PacketFramer(new SecureRandom());
        PacketFramer plain = new PacketFramer(new SecureRandom());
        PacketDeframer deframer = new PacketDeframer();
        framer.setSealer(suite.sealer(seed));
        plain.setSealer(suite.sealer(seed));
        deframer.setOpener(suite.opener(seed));

        byte[] caller = PacketProtectionProperties.payload(at + dataLength + 7, seed);
        byte[] body = new byte[8 + dataLength];
        ByteBuffer.wrap(body).putInt((int) rcpt).putInt(dataLength).put(caller, at, dataLength);
        Payload expected = new Payload(MessageNumbers.SSH_MSG_CHANNEL_DATA, Bytes.wrap(body));

        ByteBuffer direct = framer.frameChannelData(rcpt, ByteBuffer.wrap(caller), at, dataLength, pool);
        ByteBuffer pooled = framer.frame(expected, pool);
        byte[] reference = plain.frame(expected);
        assertEquals(reference.length, direct.remaining(), "same length as an ordinary packet");
        assertEquals(reference.length, pooled.remaining());

        assertArrayEquals(expected.toByteArray(), deframer.poll(direct.duplicate()).toArray());
        assertArrayEquals(expected.toByteArray(), deframer.poll(pooled.duplicate()).toArray());
        pool.give(direct.array());
        pool.give(pooled.array());
        // again into a returned (dirty) array, and from a direct buffer (a file read into direct memory)
        ByteBuffer fromDirect = ByteBuffer.allocateDirect(caller.length).put(caller).position(3);
        ByteBuffer again = framer.frameChannelData(rcpt, fromDirect, at, dataLength, pool);
        assertEquals(3, fromDirect.position(), "the caller's buffer is not moved");
        assertArrayEquals(expected.toByteArray(), deframer.poll(again).toArray());
    }

    @Test
    void poolReusesLargeArraysAndKeepsFewOfThem() {
        PacketBufferPool pool = new PacketBufferPool();
        byte[] a = pool.take(32 * 1024 + 60);
        pool.give(a);
        assertSame(a, pool.take(32 * 1024 + 40), "a returned array carries the next packet");
        assertNotSame(a, pool.take(32 * 1024 + 40), "taken arrays are not handed out twice");
        for (int i = 0; i < 2 * PacketBufferPool.MAX_FREE; i++) {
            pool.give(new byte[PacketBufferPool.MIN_POOLED]);
        }
        assertEquals(PacketBufferPool.MAX_FREE, pool.freeCount(), "bounded");
        PacketBufferPool small = new PacketBufferPool();
        small.give(new byte[100]);
        assertEquals(0, small.freeCount(), "small arrays are not kept");
    }
}
