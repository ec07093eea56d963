package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.sshwire.transport.wire.Bytes;

/**
 * Data the peer sent on one stream of a channel, read by the application. Bounded by our window:
 * the peer cannot send more than we announced, and only reading (or closing, which discards)
 * re-opens the window — so a slow reader slows the peer (DESIGN §3).
 */
final class ChannelInput extends InputStream {
    private final Channel channel;
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private boolean eof;
    private boolean closed;

    ChannelInput(Channel channel) {
        this.channel = channel;
    }

    /** From the dispatcher: bytes counted against our window. */
    void offer(Bytes data) {
        synchronized (this) {
            if (!closed) {
                chunks.add(data.asReadOnlyBuffer());
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
            while (n < len && !chunks.isEmpty()) {
                ByteBuffer head = chunks.peekFirst();
                int k = Math.min(len - n, head.remaining());
                head.get(b, off + n, k);
                n += k;
                if (!head.hasRemaining()) {
                    chunks.pollFirst();
                }
            }
        }
        if (n == 0) {
            return -1;
        }
        channel.consumed(n); // outside our monitor: this takes the engine lock
        return n;
    }

    @Override
    public synchronized int available() {
        long n = 0;
        for (ByteBuffer c : chunks) {
            n += c.remaining();
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
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
            notifyAll();
        }
        if (dropped > 0) {
            channel.consumed(dropped);
        }
    }
}
