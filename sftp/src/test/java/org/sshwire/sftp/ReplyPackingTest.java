package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reply packer keeps the byte stream intact and bounded; the READ frame pool stays bounded. */
class ReplyPackingTest {
    @Test
    void packsWholeChunksWhileMoreComesAndEverythingAtTheEnd() {
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
            sent.write(c.array(), c.offset(), n);
            c.written(n);
        }
        int n = c.writable(false);
        sent.write(c.array(), c.offset(), n);
        c.written(n);
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
}
