package org.sshwire.sftp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Packs the server's reply frames (draft-ietf-secsh-filexfer-02 §3: {@code uint32 length} then
 * the packet) into one contiguous run of bytes, so that the SSH channel under the stream carries
 * them in full packets and one write call.
 *
 * <p>Why: a DATA reply to a 32 KiB READ is 13 + 32768 bytes (§7), and the channel splits every
 * write at the peer's maximum packet (OpenSSH: 32 KiB), so writing replies one by one sent a full
 * packet plus a 13-byte packet per READ; and each 28-byte STATUS of an upload went out as its own
 * packet, write call and TCP segment. The stream is a byte stream (§3), so where one reply ends
 * and the next begins inside a channel packet does not matter to the client.
 *
 * <p>When the caller knows it will write again soon (it has another READ or WRITE to run), only
 * whole {@link #CHUNK}s are written and the rest is held — at most one chunk, and then only
 * while fewer than {@link #MAX_HELD_REPLIES} whole replies wait, so a pipelining client still
 * gets its STATUS replies in small batches rather than all at the end. Otherwise everything is
 * written. Not thread-safe: the driver uses it under its write lock.
 */
public final class ReplyCoalescer {
    /**
     * Bytes written at a time while holding back: OpenSSH's channel maximum packet
     * (CHAN_SES_PACKET_DEFAULT, 32 KiB); the smaller sizes other peers use (16 KiB, 8 KiB) divide it.
     */
    public static final int CHUNK = 32 * 1024;
    /** Replies that may wait for a fuller packet (8 upload STATUS replies are 224 bytes). */
    public static final int MAX_HELD_REPLIES = 8;

    private byte[] buf = new byte[4 * CHUNK];
    private int start;
    private int end;
    /** Bytes ever added and ever written, as offsets in the reply stream. */
    private long added;
    private long sent;
    /**
     * Where each held reply (or held piece of one) ends in the stream: their number is the
     * replies waiting, counting a partly written one, the same whether a reply's middle went
     * straight to the channel or through the buffer.
     */
    private final java.util.ArrayDeque<Long> ends = new java.util.ArrayDeque<>();

    /**
     * As {@link #add(ByteBuffer)}, except that the whole chunks of {@code reply} beyond what
     * completes the held chunk go straight to {@code direct} (when not null), after the held
     * bytes have gone to {@code out}; the reply's tail is held as usual. Why: a 255 KiB DATA frame
     * read from the file into direct memory then reaches the packets in one copy instead of two.
     * The channel cuts each write into packets, and every write here ends on a chunk boundary, so
     * the packets are the same as {@link #add(ByteBuffer)} followed by {@link #writable} would make.
     */
    public void add(ByteBuffer reply, OutputStream out, WritableByteChannel direct) throws IOException {
        int partial = (end - start) % CHUNK;
        int fill = partial == 0 ? 0 : CHUNK - partial;
        int rest = reply.remaining() - fill;
        if (direct == null || rest < CHUNK) {
            add(reply);
            return;
        }
        int at = reply.position();
        if (fill > 0) {
            add(reply.duplicate().limit(at + fill));
        }
        write(out, end - start);
        int whole = rest - rest % CHUNK;
        direct.write(reply.duplicate().position(at + fill).limit(at + fill + whole));
        reply.position(at + fill + whole);
        added += whole;
        sent += whole;
        if (reply.hasRemaining()) {
            add(reply);
        }
    }

    /** Writes the first {@code n} held bytes to {@code out} (n from {@link #writable}). */
    public void write(OutputStream out, int n) throws IOException {
        if (n > 0) {
            out.write(buf, start, n);
            written(n);
        }
    }

    /** Appends one reply frame, or a part of one (consumes {@code frame}). */
    public void add(ByteBuffer frame) {
        int n = frame.remaining();
        if (buf.length - end < n) {
            // Slide the unwritten bytes down, growing only if they still do not fit. The driver's
            // engine bounds queued output (about 1 MiB), which bounds this buffer too.
            int held = end - start;
            byte[] to = held + n <= buf.length ? buf : new byte[Math.max(2 * buf.length, held + n)];
            System.arraycopy(buf, start, to, 0, held);
            buf = to;
            start = 0;
            end = held;
        }
        frame.get(buf, end, n);
        end += n;
        added += n;
        ends.addLast(added);
    }

    /** How many held bytes to write now; {@code moreComing}: the caller writes again soon. */
    public int writable(boolean moreComing) {
        int n = end - start;
        if (!moreComing) {
            return n;
        }
        int whole = n - n % CHUNK;
        if (whole > 0) {
            return whole;
        }
        return ends.size() >= MAX_HELD_REPLIES ? n : 0;
    }

    /** Marks the first {@code n} held bytes as written. */
    private void written(int n) {
        start += n;
        sent += n;
        while (!ends.isEmpty() && ends.peekFirst() <= sent) {
            ends.removeFirst();
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    public boolean isEmpty() {
        return start == end;
    }
}
