package org.sshwire.cli.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pcap and pcapng files with each link type, IPv4 and IPv6, and broken files. */
class CaptureReaderTest {
    static final byte[] HELLO = "SSH-2.0-test\r\n".getBytes(StandardCharsets.US_ASCII);

    static List<Frame> frames(byte[] file) throws IOException {
        List<Frame> out = new ArrayList<>();
        CaptureReader.read(new ByteArrayInputStream(file), out::add);
        return out;
    }

    static TcpSegment onlySegment(byte[] file) throws IOException {
        List<Frame> f = frames(file);
        assertEquals(1, f.size());
        return TcpSegment.of(f.get(0));
    }

    /**
     * Golden bytes, written out by hand from the pcap layout: little-endian header, LINKTYPE_NULL,
     * one IPv4 TCP segment 127.0.0.1:40000 -> 127.0.0.1:22 carrying "SSH-".
     */
    @Test
    void goldenPcapFrameGivesItsTcpSegment() throws IOException {
        byte[] file = HexFormat.of().parseHex(
                "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "00000000"  // file header, link 0
                + "01000000" + "02000000" + "30000000" + "30000000"                               // 1 s 2 µs, 48 bytes
                + "02000000"                                                                        // AF_INET, host order
                + "4500002c" + "00014000" + "40060000" + "7f000001" + "7f000001"                   // IPv4, total 44
                + "9c400016" + "00000064" + "00000000" + "50180100" + "00000000"                   // TCP seq 100, PSH ACK
                + "5353482d");                                                                      // "SSH-"
        List<Frame> f = frames(file);
        assertEquals(1, f.size());
        assertEquals(1_000_002_000L, f.get(0).timeNanos());
        TcpSegment s = TcpSegment.of(f.get(0));
        assertEquals("127.0.0.1:40000", s.source().toString());
        assertEquals("127.0.0.1:22", s.destination().toString());
        assertEquals(100, s.sequence());
        assertTrue(s.ack());
        assertArrayEquals("SSH-".getBytes(StandardCharsets.US_ASCII), s.payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void pcapAndPcapngInEitherByteOrder(String orderName) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] frame = Captures.ethernet(Captures.ipv4(Captures.CLIENT_V4, Captures.SERVER_V4,
                Captures.tcp(50000, 22, 7, 0x18, HELLO)), 0x0800);
        for (byte[] file : List.of(Captures.pcap(order, 1, frame, frame), Captures.pcapng(order, 1, frame, frame))) {
            List<Frame> f = frames(file);
            assertEquals(2, f.size());
            assertEquals(List.of(1L, 2L), f.stream().map(Frame::number).toList());
            TcpSegment s = TcpSegment.of(f.get(1));
            assertArrayEquals(HELLO, s.payload(), "Ethernet padding is not payload");
            assertEquals("127.0.0.2:22", s.destination().toString());
        }
        // pcapng at nanosecond resolution (if_tsresol 9): the second frame is 1 ns after the first.
        List<Frame> ng = frames(Captures.pcapng(order, 1, frame, frame));
        assertEquals(1, ng.get(1).timeNanos() - ng.get(0).timeNanos());
    }

    @Test
    void everyLinkTypeAndIpVersion() throws IOException {
        byte[] v6a = new byte[16];
        v6a[15] = 1;
        byte[] v6b = new byte[16];
        v6b[15] = 2;
        byte[] v4 = Captures.ipv4(Captures.CLIENT_V4, Captures.SERVER_V4, Captures.tcp(50000, 22, 7, 0x18, HELLO));
        byte[] v6 = Captures.ipv6(v6a, v6b, Captures.tcp(50000, 22, 7, 0x18, HELLO));
        record Case(int link, byte[] frame, String dst) {
        }
        List<Case> cases = List.of(
                new Case(1, Captures.ethernet(v6, 0x86dd), "[0:0:0:0:0:0:0:2]:22"),
                new Case(113, Captures.sll(v4, 0x0800), "127.0.0.2:22"),
                new Case(113, Captures.sll(v6, 0x86dd), "[0:0:0:0:0:0:0:2]:22"),
                new Case(276, Captures.sll2(v4, 0x0800), "127.0.0.2:22"),
                new Case(276, Captures.sll2(v6, 0x86dd), "[0:0:0:0:0:0:0:2]:22"),
                new Case(0, Captures.nullLink(v4, 2), "127.0.0.2:22"),
                new Case(0, Captures.nullLink(v6, 30), "[0:0:0:0:0:0:0:2]:22"),
                new Case(101, v4, "127.0.0.2:22"),
                new Case(1, vlan(v4), "127.0.0.2:22"));
        for (Case c : cases) {
            TcpSegment s = onlySegment(Captures.pcapng(ByteOrder.LITTLE_ENDIAN, c.link(), c.frame()));
            assertEquals(c.dst(), s.destination().toString(), "link type " + c.link());
            assertArrayEquals(HELLO, s.payload(), "link type " + c.link());
        }
    }

    static byte[] vlan(byte[] ip) {
        byte[] e = Captures.ethernet(ip, 0x0800);
        byte[] tagged = new byte[e.length + 4];
        System.arraycopy(e, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x81;
        tagged[14] = 0x00;
        tagged[15] = 0x05;
        System.arraycopy(e, 12, tagged, 16, e.length - 12);
        return tagged;
    }

    @Test
    void nonTcpFramesAreSkippedNotErrors() throws IOException {
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(null, TcpSegment.of(frames(Captures.pcap(ByteOrder.BIG_ENDIAN, 1, arp)).get(0)));
        assertEquals(null, TcpSegment.of(frames(Captures.pcap(ByteOrder.BIG_ENDIAN, 147, new byte[30])).get(0)));
    }

    @Test
    void everyTruncationIsAClearErrorOrAShorterCapture() {
        byte[] frame = Captures.ethernet(Captures.ipv4(Captures.CLIENT_V4, Captures.SERVER_V4,
                Captures.tcp(50000, 22, 7, 0x18, HELLO)), 0x0800);
        for (byte[] file : List.of(Captures.pcap(ByteOrder.LITTLE_ENDIAN, 1, frame, frame),
                Captures.pcapng(ByteOrder.BIG_ENDIAN, 1, frame, frame))) {
            for (int cut = 0; cut < file.length; cut++) {
                byte[] prefix = java.util.Arrays.copyOf(file, cut);
                try {
                    List<Frame> f = frames(prefix);
                    assertTrue(f.size() < 2, "a cut file lost a frame; cut at " + cut);
                } catch (CaptureException e) {
                    assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a")
                            || e.getMessage().contains("length"), e.getMessage());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void aHugeClaimedLengthIsRefusedBeforeAllocation() {
        byte[] file = Captures.pcap(ByteOrder.LITTLE_ENDIAN, 1, new byte[10]);
        file[24 + 8] = (byte) 0xff;
        file[24 + 9] = (byte) 0xff;
        file[24 + 10] = (byte) 0xff;
        file[24 + 11] = (byte) 0x7f;
        CaptureException e = assertThrows(CaptureException.class, () -> frames(file));
        assertTrue(e.getMessage().contains("claims 2147483647 captured bytes"), e.getMessage());
        assertThrows(CaptureException.class, () -> frames("hello, world".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whatever the bytes, reading them gives frames or a CaptureException, and segments or null or a CaptureException. */
    @Property(tries = 300)
    void readingIsTotal(@ForAll @Size(max = 300) byte[] tail, @ForAll boolean ng, @ForAll int linkType) throws IOException {
        byte[] head = ng ? Captures.pcapng(ByteOrder.LITTLE_ENDIAN, linkType & 0xffff) : Captures.pcap(ByteOrder.BIG_ENDIAN, linkType & 0x1ff);
        byte[] file = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, file, head.length, tail.length);
        try {
            for (Frame f : frames(file)) {
                try {
                    TcpSegment.of(f);
                } catch (CaptureException expected) {
                    // a clear error about that frame
                }
            }
        } catch (CaptureException expected) {
            // a clear error about the file
        }
    }
}
