package org.sshwire.transport.internal.packet;

/**
 * A small per-connection pool of packet arrays, so a bulk transfer seals every packet into one
 * of a few arrays instead of allocating (and having the JVM zero) a fresh 32 KiB array per
 * packet: measured at about a tenth of the server's CPU on an AES-GCM download.
 *
 * <p>The framer takes arrays under the engine's lock; the I/O driver gives them back from its
 * writer thread once the socket has taken every byte (DESIGN §3: socket writes happen outside
 * the engine lock), hence the pool's own small lock. Arrays come back with old contents: the
 * framer overwrites every byte it sends (length, padding length, payload, random padding, tag).
 *
 * <p>Bounded: at most {@link #MAX_FREE} arrays wait here, so an idle connection keeps at most
 * that many (about 260 KiB after a bulk transfer with 32 KiB packets). Small packets (window
 * adjusts, requests) are not worth pooling and get fresh arrays. Buffers nobody returns (a test
 * driving the engine by hand) are simply garbage, as before.
 */
public final class PacketBufferPool {
    /** Arrays kept for reuse; a gathered write of a window's worth of packets fits. */
    static final int MAX_FREE = 8;
    /** Packets shorter than this get a fresh array, and such arrays are not kept. */
    static final int MIN_POOLED = 4096;

    private final byte[][] free = new byte[MAX_FREE][];
    private int freeCount; // guarded by this

    /** An array of at least {@code size} bytes, with arbitrary contents. */
    public byte[] take(int size) {
        if (size >= MIN_POOLED) {
            synchronized (this) {
                for (int i = freeCount - 1; i >= 0; i--) {
                    byte[] a = free[i];
                    if (a.length >= size) {
                        free[i] = free[--freeCount];
                        free[freeCount] = null;
                        return a;
                    }
                }
            }
            return new byte[(size + 1023) & ~1023]; // room for a few more bytes of padding next time
        }
        return new byte[size];
    }

    /**
     * Hands back an array that {@link #take} returned (or any other array nobody else uses):
     * the caller must not touch it again.
     */
    public void give(byte[] a) {
        if (a.length < MIN_POOLED) {
            return;
        }
        synchronized (this) {
            if (freeCount < MAX_FREE) {
                free[freeCount++] = a;
            }
        }
    }

    /** Arrays waiting for reuse (tests). */
    synchronized int freeCount() {
        return freeCount;
    }
}
