package org.sshwire.bench.wan;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a {@link WanRelay}: chunks in the order they were read, each with the time it
 * may be written on, holding at most {@code bound} bytes. The reader waits for room before it
 * reads more ({@link #awaitRoom}), so the queue never holds more than the bound plus one chunk
 * and nothing is dropped; the writer takes chunks in order ({@link #take}) and waits for each
 * one's release time itself. End of stream is a chunk of its own.
 *
 * <pre>{@code
 * DelayLine line = new DelayLine(1 << 20);
 * line.awaitRoom();                 // reader: before each read
 * line.put(bytes, n, releaseAt);    // reader: after it
 * DelayLine.Chunk c = line.take();  // writer: null once closed
 * line.done(c);                     // writer: after the write, gives the room back
 * }</pre>
 */
public final class DelayLine {
    /** Read bytes and when they may leave; {@code data == null} is the end of the stream. */
    public record Chunk(byte[] data, int length, long releaseAtNanos) {
        boolean isEnd() {
            return data == null;
        }
    }

    private final long bound;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition ready = lock.newCondition();
    private long queued;
    private long highWater;
    private boolean closed;

    public DelayLine(long bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        this.bound = bound;
    }

    /** Waits until fewer than {@code bound} bytes are queued; false if the line was closed. */
    public boolean awaitRoom() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && queued >= bound) {
                room.await(100, TimeUnit.MILLISECONDS); // re-checks closed even if a signal is missed
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a reader could read now without waiting ({@link #awaitRoom} would return at once). */
    public boolean hasRoom() {
        lock.lock();
        try {
            return closed || queued < bound;
        } finally {
            lock.unlock();
        }
    }

    /** Appends {@code length} bytes of {@code data} (not copied: the caller hands it over). */
    public void put(byte[] data, int length, long releaseAtNanos) {
        add(new Chunk(data, length, releaseAtNanos));
    }

    /** Appends the end of the stream: the writer shuts its side down after everything before it. */
    public void putEnd(long releaseAtNanos) {
        add(new Chunk(null, 0, releaseAtNanos));
    }

    private void add(Chunk c) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            chunks.addLast(c);
            queued += c.length();
            highWater = Math.max(highWater, queued);
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest chunk, waiting for one; null once the line is closed. Its bytes stay counted until {@link #done}. */
    public Chunk take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && chunks.isEmpty()) {
                ready.await(100, TimeUnit.MILLISECONDS);
            }
            return closed ? null : chunks.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The writer has written {@code c}: its bytes no longer count against the bound. */
    public void done(Chunk c) {
        lock.lock();
        try {
            queued -= c.length();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes read and not yet written. */
    public long queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes ever queued at once. */
    public long highWater() {
        lock.lock();
        try {
            return highWater;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes both sides and makes them stop; what is queued is dropped (the connection is going away). */
    public void close() {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            room.signalAll();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
