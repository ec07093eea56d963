package org.sshwire.transport.wire;

/**
 * A small per-connection pool of arrays that received packets are decrypted into, so a bulk
 * transfer's CHANNEL_DATA reaches the channel's reader without a copy out of the packet buffer
 * and without a freshly allocated (and zeroed) array per packet. The deframer takes an array per
 * packet under the engine's lock; the channel's reader hands it back, from its own thread, once it
 * has copied out every byte (hence the pool's own small lock, a leaf: it calls nothing).
 *
 * <p>Reuse is safe only if nobody else still holds a view of the array, so the pool takes back
 * only arrays it owns, each at most once before it is handed out again, and only the engine's own
 * reader gives them back: payloads that go anywhere else (observers, interceptors, channel taps,
 * data for a closed channel) are never returned and become garbage, as before. The pool owns at
 * most {@link #MAX_OWNED} arrays; when it needs a new one it disowns the oldest, which is then
 * garbage once its holder is done with it, so arrays that never come back cannot use the pool up.
 */
public final class PayloadBufferPool {
    /** Arrays the pool owns; a reader that keeps up returns each long before the next is needed. */
    static final int MAX_OWNED = 8;
    /** Packets shorter than this get a fresh exact array (window adjusts, requests). */
    static final int MIN_POOLED = 4096;

    private final byte[][] owned = new byte[MAX_OWNED][]; // guarded by this; null: a free slot
    private int nextEvicted; // guarded by this: the owned slot given up next when all are taken
    private final byte[][] free = new byte[MAX_OWNED][]; // guarded by this: owned, not handed out
    private int freeCount;

    /** An array of at least {@code size} bytes with arbitrary contents. */
    public byte[] take(int size) {
        if (size < MIN_POOLED) {
            return new byte[size];
        }
        byte[] a;
        synchronized (this) {
            for (int i = freeCount - 1; i >= 0; i--) {
                if (free[i].length >= size) {
                    a = free[i];
                    removeFree(i);
                    return a;
                }
            }
            a = new byte[(size + 1023) & ~1023]; // a few more bytes of padding fit next time
            int slot = indexOf(owned, MAX_OWNED, null);
            if (slot < 0) {
                slot = nextEvicted;
                nextEvicted = (nextEvicted + 1) % MAX_OWNED;
                int f = indexOf(free, freeCount, owned[slot]);
                if (f >= 0) {
                    removeFree(f);
                }
            }
            owned[slot] = a;
        }
        return a;
    }

    /** A view of {@code a[off, off+len)} without copying (the payload of a packet opened into {@code a}). */
    public Bytes view(byte[] a, int off, int len) {
        return Bytes.view(a, off, len);
    }

    /**
     * The caller, the only holder of {@code data} and of every other view of its array, is done
     * with it: if its array is one of ours, a later packet may overwrite it. Any thread.
     */
    public void release(Bytes data) {
        give(data.array());
    }

    /** As {@link #release}, for an array {@link #take} returned that nobody else has seen. */
    public void give(byte[] a) {
        if (a.length < MIN_POOLED) {
            return;
        }
        synchronized (this) {
            if (indexOf(owned, MAX_OWNED, a) < 0 || indexOf(free, freeCount, a) >= 0) {
                return; // not ours (any more), or already back: one array never serves two packets
            }
            free[freeCount++] = a;
        }
    }

    private void removeFree(int i) {
        free[i] = free[--freeCount];
        free[freeCount] = null;
    }

    private static int indexOf(byte[][] arrays, int count, byte[] a) {
        for (int i = 0; i < count; i++) {
            if (arrays[i] == a) {
                return i;
            }
        }
        return -1;
    }

    /** Arrays waiting for reuse (tests). */
    synchronized int freeCount() {
        return freeCount;
    }
}
