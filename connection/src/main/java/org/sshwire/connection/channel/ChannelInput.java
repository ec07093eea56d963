package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import org.sshwire.transport.wire.Bytes;

/**
 * Data the peer sent on one stream of a channel, read by the application. Bounded by our window
 * plus the read-ahead: the peer cannot send more than we announced, and only reading (or closing,
 * which discards) re-opens the window for data beyond the read-ahead — so a slow reader slows the
 * peer (DESIGN §3).
 *
 * <p>The read-ahead ({@link Channel#setReadAhead}) is how many unread bytes of this stream we
 * credit back to the peer on arrival, before the application reads them. Both streams of a
 * channel share one window (RFC 4254 §5.2 counts extended data against it), so without it a
 * window's worth of unread stderr stops stdout, and reading stdout to the end first never ends.
 * Beyond the read-ahead credit waits for the reader again: the peer pauses, nothing is dropped.
 */
final class ChannelInput extends InputStream {
    private final Channel channel;
    /** Received data in order; the head is consumed from {@link #headPos}. */
    private final ArrayDeque<Bytes> chunks = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private int headPos;
    private long buffered;
    /** Bytes {@link #transferTo} took from the buffer and is still writing; their credit waits for the write. */
    private long transferring;
    /** Bytes received and not yet credited back to the peer; at most {@link #buffered} plus {@link #transferring}. */
    private long withheld;
    /** Unread bytes credited back on arrival (see the class comment); 0 credits only what is read. */
    private long readAhead;
    private boolean eof;
    private boolean closed;

    ChannelInput(Channel channel) {
        this.channel = channel;
    }

    /** From the dispatcher: bytes counted against our window. */
    void offer(Bytes data) {
        long credit;
        synchronized (this) {
            if (closed) {
                credit = data.length(); // nobody will read: return the credit
            } else {
                if (!data.isEmpty()) {
                    chunks.add(data);
                    buffered += data.length();
                    withheld += data.length();
                }
                credit = release();
                notifyAll();
            }
        }
        credit(credit);
        channel.streamChanged();
    }

    void eof() {
        synchronized (this) {
            eof = true;
            notifyAll();
        }
        channel.streamChanged();
    }

    /** Sets the read-ahead; raising it credits what is buffered at once. */
    void readAhead(long bytes) {
        long credit;
        synchronized (this) {
            readAhead = bytes;
            credit = release();
        }
        credit(credit);
    }

    synchronized long readAhead() {
        return readAhead;
    }

    /**
     * How much withheld credit to return now, so that only the unread bytes beyond the read-ahead
     * stay withheld (all of them are returned once closed). Call holding the monitor; pass the
     * result to {@link #credit} after leaving it.
     */
    private long release() {
        long keep = closed ? transferring : Math.max(transferring, buffered + transferring - readAhead);
        if (withheld <= keep) {
            return 0; // a lowered read-ahead cannot take back credit already given
        }
        long n = withheld - keep;
        withheld = keep;
        return n;
    }

    /** Returns credit to the peer; outside our monitor, as this takes the engine lock. */
    private void credit(long n) {
        if (n > 0) {
            channel.consumed(n);
        }
    }

    /**
     * The next buffered chunk without waiting, or null when none is; its credit is returned. For
     * {@link Channel}'s reading of both streams at once.
     */
    Bytes poll() {
        Bytes chunk;
        long credit;
        synchronized (this) {
            chunk = chunks.pollFirst();
            if (chunk == null) {
                return null;
            }
            chunk = chunk.slice(headPos, chunk.length());
            buffered -= chunk.length();
            headPos = 0;
            credit = release();
        }
        credit(credit);
        return chunk;
    }

    /** True once nothing more can be read: end of stream reached with nothing buffered, or closed. */
    synchronized boolean ended() {
        return closed || eof && chunks.isEmpty();
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
        long credit;
        synchronized (this) {
            awaitData();
            while (n < len && !chunks.isEmpty()) {
                Bytes head = chunks.peekFirst();
                int k = Math.min(len - n, head.length() - headPos);
                head.slice(headPos, headPos + k).copyTo(b, off + n);
                n += k;
                advance(k);
            }
            credit = release();
        }
        if (n == 0) {
            return -1;
        }
        credit(credit);
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
                    transferring = chunk.length();
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
                long credit;
                synchronized (this) {
                    transferring = 0;
                    credit = release(); // the data left our buffer either way: return its credit
                }
                credit(credit);
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
        long credit;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            chunks.clear();
            headPos = 0;
            buffered = 0;
            credit = release();
            notifyAll();
        }
        credit(credit);
        channel.streamChanged();
    }
}
