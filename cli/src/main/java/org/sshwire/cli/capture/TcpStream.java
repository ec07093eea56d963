package org.sshwire.cli.capture;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One direction of a TCP connection, reassembled by sequence number (RFC 9293 §3.4): segments
 * may arrive in any order and any number of times (retransmissions, overlapping or not); the
 * stream is every byte from the first after the SYN (or, without a SYN in the capture, from the
 * lowest sequence number seen) up to the first byte the capture lacks. Sequence numbers wrap
 * modulo 2^32; offsets here do not.
 *
 * <pre>{@code
 * TcpStream s = new TcpStream();
 * segments.forEach(s::add);
 * byte[] bytes = s.bytes();
 * }</pre>
 */
public final class TcpStream {
    /** Largest stream held in memory (a Java array's practical limit). */
    static final long MAX_STREAM = Integer.MAX_VALUE - 16;

    private record Piece(long offset, byte[] data, long timeNanos, long order) {
    }

    /** A run of the reassembled stream and when its bytes were first captured. */
    private record Chunk(long start, long end, long timeNanos) {
    }

    private final List<Piece> pieces = new ArrayList<>();
    private long isn = -1;
    /** Offset of the SYN's next byte, the stream's first, once the SYN is seen. */
    private long synOffset;
    /** Sequence number at offset 0 of {@link #pieces} as stored (before a SYN or a lower segment re-bases them). */
    private long base = -1;
    /** Highest offset seen relative to {@link #base}, to unwrap 32-bit sequence numbers. */
    private long highest;
    private byte[] assembled;
    private List<Chunk> chunks;
    private long gapAt = -1;
    private long order;

    /** Adds a segment sent in this direction. */
    public void add(TcpSegment s) {
        assembled = null;
        long dataSeq = s.sequence();
        if (s.syn()) {
            isn = s.sequence();
            dataSeq = (s.sequence() + 1) & 0xffffffffL; // the SYN occupies one sequence number
            if (base < 0) {
                base = dataSeq;
            }
            synOffset = unwrap(dataSeq);
        }
        if (s.payload().length == 0) {
            return;
        }
        if (base < 0) {
            base = dataSeq;
        }
        long offset = unwrap(dataSeq);
        pieces.add(new Piece(offset, s.payload(), s.timeNanos(), order++));
        highest = Math.max(highest, offset + s.payload().length);
    }

    /** The offset of {@code seq} from {@link #base}, taking the one nearest the highest offset so far. */
    private long unwrap(long seq) {
        long near = base + highest;
        int delta = (int) (seq - near);
        return highest + delta;
    }

    /** The contiguous stream from its start up to the first gap. */
    public byte[] bytes() {
        assemble();
        return assembled;
    }

    /** Where the stream stops for lack of captured bytes while later bytes were captured, or -1. */
    public long gapAt() {
        assemble();
        return gapAt;
    }

    /** Whether a SYN of this direction is in the capture. */
    public boolean sawSyn() {
        return isn >= 0;
    }

    /**
     * When the byte at {@code offset} of the stream was captured (nanoseconds since the epoch): the
     * time of the segment it was taken from, the earliest of those starting at the same sequence
     * number (so a retransmission does not move it later).
     */
    public long timeAt(long offset) {
        assemble();
        int lo = 0;
        int hi = chunks.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Chunk c = chunks.get(mid);
            if (offset < c.start) {
                hi = mid - 1;
            } else if (offset >= c.end) {
                lo = mid + 1;
            } else {
                return c.timeNanos;
            }
        }
        return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).timeNanos;
    }

    private void assemble() {
        if (assembled != null) {
            return;
        }
        // The stream starts at the SYN's next byte when the SYN was captured, else at the lowest offset seen.
        long start = synOffset;
        if (!pieces.isEmpty() && !sawSyn()) {
            start = pieces.stream().mapToLong(Piece::offset).min().getAsLong();
        }
        List<Piece> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingLong(Piece::offset).thenComparingLong(Piece::order));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Chunk> runs = new ArrayList<>();
        long pos = start;
        gapAt = -1;
        for (Piece p : sorted) {
            long end = p.offset + p.data.length;
            if (end <= pos) {
                continue; // a retransmission of bytes already placed
            }
            if (p.offset > pos) {
                gapAt = pos - start;
                break;
            }
            if (end - start > MAX_STREAM) {
                throw new CaptureException("a TCP stream longer than " + MAX_STREAM + " bytes is more than this reader holds");
            }
            int skip = (int) (pos - p.offset);
            out.write(p.data, skip, p.data.length - skip);
            runs.add(new Chunk(pos - start, end - start, p.timeNanos));
            pos = end;
        }
        assembled = out.toByteArray();
        chunks = runs;
    }
}
