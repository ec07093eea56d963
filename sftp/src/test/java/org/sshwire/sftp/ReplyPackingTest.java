package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.sshwire.sftp.internal.ReadFramePool;
import org.sshwire.sftp.internal.ReplyCoalescer;

/** The reply packer keeps the byte stream intact and bounded; the READ frame pool stays bounded. */
class ReplyPackingTest {
    @Test
    void packsWholeChunksWhileMoreComesAndEverythingAtTheEnd() throws IOException {
        ReplyCoalescer c = new ReplyCoalescer();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random rnd = new Random(9);
        for (int i = 0; i < 200; i++) {
            byte[] reply = new byte[i % 3 == 0 ? 28 : 13 + 32768];
            rnd.nextBytes(reply);
            expected.writeBytes(reply);
            c.add(ByteBuffer.wrap(reply));
            int n = c.writable(true);
            // only whole chunks, unless enough small replies wait
            assertTrue(n % ReplyCoalescer.CHUNK == 0 || n < ReplyCoalescer.CHUNK, "wrote " + n);
            c.write(sent, n);
        }
        c.write(sent, c.writable(false));
        assertTrue(c.isEmpty());
        assertArrayEquals(expected.toByteArray(), sent.toByteArray());
    }

    @Test
    void smallRepliesAreHeldOnlyInSmallBatches() {
        ReplyCoalescer c = new ReplyCoalescer();
        for (int i = 1; i < ReplyCoalescer.MAX_HELD_REPLIES; i++) {
            c.add(ByteBuffer.wrap(new byte[28]));
            assertEquals(0, c.writable(true));
        }
        c.add(ByteBuffer.wrap(new byte[28]));
        assertEquals(28 * ReplyCoalescer.MAX_HELD_REPLIES, c.writable(true));
    }

    @Test
    void readFramePoolIsBoundedAndReusesFrames() {
        ReadFramePool pool = new ReadFramePool();
        assertNull(pool.take(ReadFramePool.DATA + 1));
        List<ByteBuffer> out = new ArrayList<>();
        for (ByteBuffer b; (b = pool.take(32768)) != null; ) {
            assertTrue(ReadFramePool.isFrame(b));
            out.add(b);
        }
        assertEquals(ReadFramePool.MAX_FRAMES, out.size());
        ByteBuffer back = out.get(0);
        back.position(5);
        pool.give(back);
        ByteBuffer again = pool.take(1);
        assertNotNull(again);
        assertEquals(0, again.position());
        assertTrue(again == back);
        assertTrue(!ReadFramePool.isFrame(ByteBuffer.allocate(ReadFramePool.HEADER + ReadFramePool.DATA)));
    }

    @Provide
    Arbitrary<List<Integer>> replySizes() {
        int chunk = ReplyCoalescer.CHUNK;
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(28, 13 + chunk, 13 + 261120, 13 + 4 * chunk, 13 + 2 * chunk - 1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 300_000)));
        return size.list().ofMinSize(1).ofMaxSize(40);
    }

    /**
     * Whole chunks written straight from a (direct) reply buffer make exactly the packets that
     * copying every reply into the packer makes, whatever the mix of replies and flushes.
     */
    @Property(tries = 300)
    void writingWholeChunksStraightFromARepliesBufferMakesTheSamePackets(@ForAll("replySizes") List<Integer> sizes,
            @ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        ReplyCoalescer copying = new ReplyCoalescer();
        ReplyCoalescer straight = new ReplyCoalescer();
        Packets copied = new Packets();
        Packets direct = new Packets();
        int i = 0;
        while (i < sizes.size()) {
            for (int k = 1 + rnd.nextInt(3); k > 0 && i < sizes.size(); k--, i++) { // replies per flush
                byte[] reply = new byte[sizes.get(i)];
                rnd.nextBytes(reply);
                copying.add(ByteBuffer.wrap(reply));
                ByteBuffer frame = ByteBuffer.allocateDirect(reply.length + 5).position(5); // as a pooled frame: not at 0
                frame.put(reply).flip().position(5);
                straight.add(frame, direct, direct);
                assertEquals(0, frame.remaining(), "the reply is consumed");
            }
            boolean more = rnd.nextInt(4) != 0;
            copying.write(copied, copying.writable(more));
            straight.write(direct, straight.writable(more));
        }
        copying.write(copied, copying.writable(false));
        straight.write(direct, straight.writable(false));

        assertEquals(copied.packets.size(), direct.packets.size(), "packet count");
        for (int p = 0; p < copied.packets.size(); p++) {
            assertArrayEquals(copied.packets.get(p), direct.packets.get(p), "packet " + p);
        }
        if (sizes.stream().anyMatch(s -> s >= 2 * ReplyCoalescer.CHUNK)) {
            assertTrue(direct.straightBytes > 0, "a reply of two chunks or more skips the copy");
        }
        assertEquals(0, copied.straightBytes);
    }

    /**
     * The sample jqwik found (seed 2005768752546121533): a reply's tail held after its middle
     * went straight out, then small replies; the count of waiting replies must be the same in
     * both paths, or the straight one flushes a short packet early.
     */
    @Example
    void heldReplyCountIsTheSameAfterAStraightWrite() throws IOException {
        writingWholeChunksStraightFromARepliesBufferMakesTheSamePackets(
                List.of(261133, 28, 28, 28, 28, 1, 28, 1, 261133), 2);
    }

    /** An SSH channel's view of the packer's writes: each write cut into packets of at most one chunk. */
    private static final class Packets extends OutputStream implements WritableByteChannel {
        final List<byte[]> packets = new ArrayList<>();
        long straightBytes;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            cut(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            straightBytes += n;
            cut(src);
            return n;
        }

        private void cut(ByteBuffer src) {
            while (src.hasRemaining()) {
                byte[] p = new byte[Math.min(src.remaining(), ReplyCoalescer.CHUNK)];
                src.get(p);
                packets.add(p);
            }
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
