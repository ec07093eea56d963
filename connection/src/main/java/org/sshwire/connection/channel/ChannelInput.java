package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import org.sshwire.transport.wire.Bytes;

/**
 * Data the peer sent on one stream of a channel, read by the application. Bounded by our window:
 * the peer cannot send more than we announced, and only reading (or closing, which discards)
 * re-opens the window — so a slow reader slows the peer (DESIGN §3).
 */
final class ChannelInput extends InputStream {
    private final Channel channel;
    /** Received data in order; the head is consumed from {@link #headPos}. */
    private final ArrayDeque<Bytes> chunks = new ArrayDeque<>();
    private int headPos;
    private long buffered;
    private boolean eof;
    private boolean closed;

    ChannelInput(Channel channel) {
        this.channel = channel;
    }

    /** From the dispatcher: bytes counted against our window. */
    void offer(Bytes data) {
        synchronized (this) {
            if (!closed) {
                if (!data.isEmpty()) {
                    chunks.add(data);
                    buffered += data.length();
                }
                notifyAll();
                return;
            }
        }
        channel.consumed(data.length()); // nobody will read: return the credit
    }

    synchronized void eof() {
        eof = true;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = 0;
        synchronized (this) {
            awaitData();
            while (n < len && !chunks.isEmpty()) {
                Bytes head = chunks.peekFirst();
                int k = Math.min(len - n, head.length() - headPos);
                head.slice(headPos, headPos + k).copyTo(b, off + n);
                n += k;
                advance(k);
            }
        }
        if (n == 0) {
            return -1;
        }
        channel.consumed(n); // outside our monitor: this takes the engine lock
        return n;
    }

    /**
     * Hands each received chunk to {@code out} as it is (no copy into a caller's buffer: a
     * process's stdin pump then costs one copy less per byte), flushing whenever nothing more is
     * buffered so small writes never sit in a buffered stream. Returns at end of stream.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        for (;;) {
            Bytes chunk;
            boolean ended;
            synchronized (this) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                chunk = chunks.pollFirst();
                if (chunk != null) {
                    chunk = chunk.slice(headPos, chunk.length());
                    buffered -= chunk.length();
                    headPos = 0;
                }
                ended = eof;
            }
            if (chunk == null) {
                out.flush(); // nothing buffered here: push out what the stream holds before waiting
                if (ended) {
                    return total;
                }
                synchronized (this) {
                    awaitData();
                }
                continue;
            }
            try {
                chunk.writeTo(out);
            } finally {
                channel.consumed(chunk.length()); // the data left our buffer either way: return the credit
            }
            total += chunk.length();
        }
    }

    /** Waits until data, EOF or close; throws if closed. Call holding the monitor. */
    private void awaitData() throws IOException {
        while (chunks.isEmpty() && !eof && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** Marks {@code k} bytes of the head chunk read. */
    private void advance(int k) {
        headPos += k;
        buffered -= k;
        if (headPos == chunks.peekFirst().length()) {
            chunks.pollFirst();
            headPos = 0;
        }
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, buffered);
    }

    /** Discards what is buffered and whatever arrives later, returning the window credit. */
    @Override
    public void close() {
        int dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = available();
            chunks.clear();
            headPos = 0;
            buffered = 0;
            notifyAll();
        }
        if (dropped > 0) {
            channel.consumed(dropped);
        }
    }
}
