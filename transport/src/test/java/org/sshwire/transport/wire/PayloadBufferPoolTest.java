package org.sshwire.transport.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadBufferPoolTest {
    @Test
    void aGivenBackArrayIsReusedOnce() {
        PayloadBufferPool pool = new PayloadBufferPool();
        byte[] a = pool.take(33000);
        assertTrue(a.length >= 33000);
        pool.release(pool.view(a, 1, 32768));
        pool.release(pool.view(a, 1, 32768)); // twice: still one free array
        assertEquals(1, pool.freeCount());
        assertSame(a, pool.take(33000));
        assertNotSame(a, pool.take(33000), "handed out once, not twice");
    }

    @Test
    void foreignSmallAndDisownedArraysAreNotTaken() {
        PayloadBufferPool pool = new PayloadBufferPool();
        pool.give(new byte[64 * 1024]); // never handed out by this pool: its owner may still use it
        pool.release(Bytes.wrap(new byte[40000]));
        byte[] small = pool.take(100);
        assertEquals(100, small.length);
        pool.give(small);
        assertEquals(0, pool.freeCount());

        byte[] first = pool.take(5000);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < PayloadBufferPool.MAX_OWNED; i++) {
            out.add(pool.take(5000)); // the pool disowns its oldest array to own the last one
        }
        pool.give(first);
        assertEquals(0, pool.freeCount(), "a disowned array is garbage, never reused");
        out.forEach(pool::give);
        assertEquals(PayloadBufferPool.MAX_OWNED, pool.freeCount());
    }

    @Test
    void aFreeArrayTooSmallMakesRoomForALargerOne() {
        PayloadBufferPool pool = new PayloadBufferPool();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < PayloadBufferPool.MAX_OWNED; i++) {
            out.add(pool.take(5000));
        }
        out.forEach(pool::give);
        byte[] big = pool.take(100_000);
        assertTrue(big.length >= 100_000);
        pool.give(big);
        assertSame(big, pool.take(90_000), "the larger array is owned and reused");
    }
}
