package org.sshwire.sftp.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for DATA replies (draft-ietf-secsh-filexfer-02 §7: {@code uint32 length,
 * byte 103, uint32 id, string data}), reused from one READ to the next.
 *
 * <p>Why: a READ used to allocate a fresh zeroed array of up to 255 KiB (OpenSSH's client asks
 * for the max-read-length our limits@openssh.com reply announces), and {@code FileChannel.read}
 * into a heap array goes through the JDK's own temporary direct buffer and copies out of it. A
 * direct frame takes the file's bytes straight from the kernel; the driver copies it once, into
 * the output it packs for the channel, and hands it back ({@link SftpServerEngine#recycle}).
 *
 * <p>Bounded: one pool for the whole process, at most {@link #MAX_FRAMES} frames (4 MiB of
 * direct memory) ever created. A frame is out only from the moment its READ runs until the
 * driver copies the reply, so a few frames per busy session suffice; when none is free, or for a
 * driver that never hands frames back, READs fall back to heap arrays. Thread-safe: operations
 * take frames off the engine's lock.
 */
public final class ReadFramePool {
    public static final int HEADER = 13;
    /** The longest READ a server may allow ({@link org.sshwire.sftp.SftpServerConfig}: 256 KiB − 1024, OpenSSH's). */
    public static final int DATA = SftpFraming.DEFAULT_MAX_PACKET - 1024;
    public static final int MAX_FRAMES = 16;

    static final ReadFramePool SHARED = new ReadFramePool();

    private final ArrayBlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(MAX_FRAMES);
    private final AtomicInteger created = new AtomicInteger();

    /** A cleared frame for a READ of {@code len} bytes, or null (too long, or none free). */
    public ByteBuffer take(int len) {
        if (len > DATA) {
            return null;
        }
        ByteBuffer b = free.poll();
        if (b != null) {
            return b.clear();
        }
        if (created.getAndIncrement() >= MAX_FRAMES) {
            created.decrementAndGet();
            return null;
        }
        return ByteBuffer.allocateDirect(HEADER + DATA);
    }

    /** Whether {@code b} is one of ours: direct, of our size (the engine's other output is heap). */
    public static boolean isFrame(ByteBuffer b) {
        return b.isDirect() && b.capacity() == HEADER + DATA;
    }

    /** Hands a frame back once nothing refers to its bytes any more. */
    public void give(ByteBuffer b) {
        free.offer(b);
    }
}
