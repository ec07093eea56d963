package org.sshwire.cli.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** TCP reassembly by sequence number: order, retransmission, overlap, gaps, wrap-around, connections. */
class TcpStreamTest {
    static final TcpSegment.Endpoint C = new TcpSegment.Endpoint(Captures.CLIENT_V4, 50000);
    static final TcpSegment.Endpoint S = new TcpSegment.Endpoint(Captures.SERVER_V4, 22);

    static TcpSegment seg(long seq, String data, long time) {
        return new TcpSegment(C, S, seq & 0xffffffffL, false, true, false, false, data.getBytes(StandardCharsets.US_ASCII), time, time);
    }

    static TcpSegment syn(long isn) {
        return new TcpSegment(C, S, isn, true, false, false, false, new byte[0], 0, 0);
    }

    static String text(TcpStream s) {
        return new String(s.bytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void outOfOrderRetransmittedAndOverlappingSegmentsGiveTheStream() {
        TcpStream s = new TcpStream();
        s.add(syn(999));
        s.add(seg(1006, "world", 3));
        s.add(seg(1000, "hello ", 1));
        s.add(seg(1000, "hello ", 2));       // retransmission
        s.add(seg(1003, "lo wor", 4));       // overlapping retransmission
        s.add(seg(1011, "!", 5));
        assertEquals("hello world!", text(s));
        assertEquals(-1, s.gapAt());
        assertEquals(1, s.timeAt(0));
        assertEquals(5, s.timeAt(11));
    }

    @Test
    void theStreamStopsAtTheFirstMissingByte() {
        TcpStream s = new TcpStream();
        s.add(syn(0));
        s.add(seg(1, "abc", 1));
        s.add(seg(10, "xyz", 2));
        assertEquals("abc", text(s));
        assertEquals(3, s.gapAt());
    }

    @Test
    void sequenceNumbersWrapAround() {
        TcpStream s = new TcpStream();
        s.add(syn(0xfffffffcL));
        s.add(seg(0xfffffffdL, "abc", 1));
        s.add(seg(0, "defg", 2));
        s.add(seg(4, "h", 3));
        assertEquals("abcdefgh", text(s));
    }

    @Test
    void withoutTheHandshakeTheLowestSequenceNumberStarts() {
        TcpStream s = new TcpStream();
        s.add(seg(505, "fgh", 1));
        s.add(seg(500, "abcde", 2));
        assertEquals("abcdefgh", text(s));
    }

    @Test
    void connectionsAreSeparatedAndTheSynSenderIsTheClient() {
        TcpConnections all = new TcpConnections();
        TcpSegment.Endpoint other = new TcpSegment.Endpoint(Captures.CLIENT_V4, 50001);
        all.add(new TcpSegment(C, S, 10, true, false, false, false, new byte[0], 0, 1));
        all.add(new TcpSegment(S, C, 90, true, true, false, false, new byte[0], 0, 2));
        all.add(new TcpSegment(other, S, 5, false, true, false, false, "x".getBytes(), 0, 3));
        all.add(new TcpSegment(S, C, 91, false, true, false, false, "server".getBytes(), 0, 4));
        all.add(new TcpSegment(C, S, 11, false, true, false, false, "client".getBytes(), 0, 5));
        List<TcpConnections.Connection> cs = all.connections();
        assertEquals(2, cs.size());
        assertEquals(C, cs.get(0).client());
        assertEquals("client", new String(cs.get(0).clientToServer().bytes()));
        assertEquals("server", new String(cs.get(0).serverToClient().bytes()));
        assertEquals("x", new String(cs.get(1).clientToServer().bytes()));
    }

    /** Any segmentation, any order, any retransmissions (with any overlaps) reassemble to the stream sent. */
    @Property(tries = 300)
    void anySegmentationAndOrderReassembles(@ForAll @Size(min = 1, max = 400) byte[] data,
                                            @ForAll @LongRange(min = 0, max = 0xffffffffL) long isn,
                                            @ForAll long seed, @ForAll boolean withSyn, @ForAll @IntRange(max = 20) int retransmits) {
        Random r = new Random(seed);
        List<TcpSegment> segs = new ArrayList<>();
        for (int off = 0; off < data.length; ) {
            int len = 1 + r.nextInt(Math.min(50, data.length - off));
            segs.add(piece(data, isn, off, len, segs.size()));
            off += len;
        }
        for (int i = 0; i < retransmits; i++) {
            int off = r.nextInt(data.length);
            segs.add(piece(data, isn, off, 1 + r.nextInt(data.length - off), 1000 + i));
        }
        Collections.shuffle(segs, r);
        if (withSyn) {
            segs.add(r.nextInt(segs.size() + 1), syn(isn));
        } else {
            segs.add(piece(data, isn, 0, 1, 2000)); // the first byte is somewhere in the capture
        }
        TcpStream s = new TcpStream();
        segs.forEach(s::add);
        assertArrayEquals(data, s.bytes());
    }

    static TcpSegment piece(byte[] data, long isn, int off, int len, long time) {
        return new TcpSegment(C, S, (isn + 1 + off) & 0xffffffffL, false, true, false, false,
                java.util.Arrays.copyOfRange(data, off, off + len), time, time);
    }
}
