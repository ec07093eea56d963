package org.sshwire.connection.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** HAProxy's PROXY protocol spec (proxy-protocol.txt, sections 2.1 and 2.2), its examples as golden bytes. */
class ProxyHeaderTest {
    private static final byte[] V2_SIG = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a");

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] v2(String afterSignatureHex) {
        byte[] rest = HexFormat.of().parseHex(afterSignatureHex);
        byte[] b = Arrays.copyOf(V2_SIG, V2_SIG.length + rest.length);
        System.arraycopy(rest, 0, b, V2_SIG.length, rest.length);
        return b;
    }

    /** v2 PROXY, TCP over IPv4 (0x11), 12 bytes: 127.0.0.2:40000 -> 127.0.0.1:2200. */
    static final byte[] V2_TCP4 = v2("21" + "11" + "000c" + "7f000002" + "7f000001" + "9c40" + "0898");
    /** v2 PROXY, TCP over IPv6 (0x21), 36 bytes: [2001:db8::1]:65535 -> [::1]:22, then a 7-byte TLV (ignored). */
    static final byte[] V2_TCP6_TLV = v2("21" + "21" + "002b" + "20010db8000000000000000000000001"
            + "00000000000000000000000000000001" + "ffff" + "0016" + "01" + "0004" + "68327a7a");
    /** v2 LOCAL (health check), AF_UNSPEC, no address. */
    static final byte[] V2_LOCAL = v2("20" + "00" + "0000");

    static ProxyHeader complete(byte[] b) throws Exception {
        ProxyHeader.Result r = ProxyHeader.parse(b, b.length);
        return assertInstanceOf(ProxyHeader.Complete.class, r, () -> "incomplete: " + r).header();
    }

    static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void specV1Tcp4ExampleNamesTheClient() throws Exception {
        byte[] b = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
        ProxyHeader h = complete(b);
        assertEquals(b.length, h.length());
        assertEquals(at("192.168.0.1", 56324), h.source());
        assertEquals(at("192.168.0.11", 443), h.destination());
    }

    @Test
    void specV1WorstCasesParse() throws Exception {
        String f = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        byte[] tcp4 = ascii("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n");
        byte[] tcp6 = ascii("PROXY TCP6 " + f + " " + f + " 65535 65535\r\n");
        byte[] unknown = ascii("PROXY UNKNOWN " + f + " " + f + " 65535 65535\r\n");
        assertEquals(56, tcp4.length); // the spec's byte counts
        assertEquals(104, tcp6.length);
        assertEquals(107, unknown.length);
        assertEquals(at("255.255.255.255", 65535), complete(tcp4).source());
        assertEquals(at("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535), complete(tcp6).source());
        assertNull(complete(unknown).source());
        assertEquals(107, complete(unknown).length());
    }

    @Test
    void v1UnknownKeepsTheSocketAddress() throws Exception {
        ProxyHeader h = complete(ascii("PROXY UNKNOWN\r\n"));
        assertEquals(15, h.length());
        assertTrue(h.keepsSocketAddresses());
    }

    @Test
    void v2Tcp4GoldenBytes() throws Exception {
        ProxyHeader h = complete(V2_TCP4);
        assertEquals(28, h.length());
        assertEquals(at("127.0.0.2", 40000), h.source());
        assertEquals(at("127.0.0.1", 2200), h.destination());
    }

    @Test
    void v2Tcp6SkipsItsTlvs() throws Exception {
        ProxyHeader h = complete(V2_TCP6_TLV);
        assertEquals(16 + 43, h.length());
        assertEquals(at("2001:db8::1", 65535), h.source());
        assertEquals(at("::1", 22), h.destination());
    }

    @Test
    void v2LocalKeepsTheSocketAddress() throws Exception {
        ProxyHeader h = complete(V2_LOCAL);
        assertEquals(16, h.length());
        assertTrue(h.keepsSocketAddresses());
    }

    @Test
    void v2ProxyWithUnspecFamilyKeepsTheSocketAddress() throws Exception {
        assertTrue(complete(v2("21" + "00" + "0000")).keepsSocketAddresses());
    }

    @Test
    void bytesAfterTheHeaderAreNotPartOfIt() throws Exception {
        byte[] h = ascii("PROXY TCP4 10.0.0.1 10.0.0.2 1 2\r\n");
        byte[] withSsh = Arrays.copyOf(h, h.length + 8);
        System.arraycopy(ascii("SSH-2.0-"), 0, withSsh, h.length, 8);
        assertEquals(h.length, complete(withSsh).length());
        byte[] v2 = Arrays.copyOf(V2_TCP4, V2_TCP4.length + 8);
        System.arraycopy(ascii("SSH-2.0-"), 0, v2, V2_TCP4.length, 8);
        assertEquals(V2_TCP4.length, complete(v2).length());
    }

    /** Every proper prefix of a valid header asks for more, into a buffer that fits the header. */
    @Test
    void everyTruncationAsksForMore() throws Exception {
        for (byte[] full : goldenHeaders()) {
            for (int n = 0; n < full.length; n++) {
                ProxyHeader.Result r = ProxyHeader.parse(full, n);
                ProxyHeader.Incomplete more = assertInstanceOf(ProxyHeader.Incomplete.class, r, "prefix " + n);
                assertTrue(more.bufferSize() > n && more.bufferSize() <= Math.max(full.length, ProxyHeader.V1_MAX),
                        "buffer " + more.bufferSize() + " for prefix " + n);
            }
        }
    }

    @Test
    void v2IsReadExactlyBufferSizesStopAtTheHeader() throws Exception {
        assertEquals(new ProxyHeader.Incomplete(16), ProxyHeader.parse(V2_TCP4, 15));
        assertEquals(new ProxyHeader.Incomplete(28), ProxyHeader.parse(V2_TCP4, 16));
        // The length field is honoured before any allocation: 16 + 65535 at most.
        byte[] big = v2("21" + "11" + "ffff");
        assertEquals(new ProxyHeader.Incomplete(16 + 65535), ProxyHeader.parse(big, big.length));
    }

    @Test
    void v1LongerThan107BytesIsRefused() {
        byte[] b = ascii("PROXY UNKNOWN " + "x".repeat(120) + "\r\n");
        assertThrows(ProxyHeader.Malformed.class, () -> ProxyHeader.parse(b, 107));
        assertThrows(ProxyHeader.Malformed.class, () -> ProxyHeader.parse(b, b.length));
        byte[] exactly108 = ascii("PROXY UNKNOWN " + "x".repeat(92) + "\r\n");
        assertEquals(108, exactly108.length);
        assertThrows(ProxyHeader.Malformed.class, () -> ProxyHeader.parse(exactly108, exactly108.length));
    }

    @Test
    void badSignaturesAreRefusedAtTheFirstWrongByte() {
        for (String s : List.of("SSH-2.0-OpenSSH_9.2\r\n", "PROXZ", "proxy TCP4", "\r\n\r\n\0\r\nQUIX")) {
            byte[] b = ascii(s);
            assertThrows(ProxyHeader.Malformed.class, () -> ProxyHeader.parse(b, b.length), s);
        }
    }

    @Test
    void malformedV1LinesAreRefused() {
        for (String s : List.of(
                "PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n", // a field short
                "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 x\r\n",
                "PROXY TCP4  192.168.0.1 192.168.0.11 56324 443\r\n", // two spaces
                "PROXY TCP5 192.168.0.1 192.168.0.11 56324 443\r\n",
                "PROXY TCP4 192.168.0.256 192.168.0.11 56324 443\r\n",
                "PROXY TCP4 localhost 192.168.0.11 56324 443\r\n", // names are not addresses
                "PROXY TCP4 ::1 ::1 56324 443\r\n", // family mismatch
                "PROXY TCP6 192.168.0.1 192.168.0.11 56324 443\r\n",
                "PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n",
                "PROXY TCP4 192.168.0.1 192.168.0.11 056324 443\r\n", // leading zero
                "PROXY TCP4 192.168.0.1 192.168.0.11 -1 443\r\n",
                "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n", // LF without CR
                "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\rX",
                "PROXY TCP4 192.168.0.1\t192.168.0.11 56324 443\r\n")) {
            byte[] b = ascii(s);
            assertThrows(ProxyHeader.Malformed.class, () -> ProxyHeader.parse(b, b.length), s);
        }
    }

    @Test
    void malformedV2HeadersAreRefused() {
        for (String s : List.of(
                "11" + "11" + "000c" + "7f0000027f0000019c400898", // version 1 in a v2 header
                "31" + "11" + "000c" + "7f0000027f0000019c400898", // version 3
                "22" + "11" + "000c" + "7f0000027f0000019c400898", // command 2
                "21" + "11" + "000b" + "7f0000027f0000019c4008", // too short for IPv4
                "21" + "21" + "000c" + "7f0000027f0000019c400898", // too short for IPv6
                "21" + "12" + "000c" + "7f0000027f0000019c400898", // UDP
                "21" + "31" + "00d8" + "00".repeat(216), // AF_UNIX: no address we could use
                "21" + "41" + "0000")) { // no such family
            byte[] b = v2(s);
            assertThrows(ProxyHeader.Malformed.class, () -> ProxyHeader.parse(b, b.length), s);
        }
    }

    /** Whatever bytes come, the parser answers within its bounds or refuses; it never over-asks. */
    @Property
    void anyBytesAreParsedRefusedOrAskedForWithinBounds(@ForAll byte[] junk) {
        try {
            ProxyHeader.Result r = ProxyHeader.parse(junk, junk.length);
            if (r instanceof ProxyHeader.Incomplete more) {
                assertTrue(more.bufferSize() > junk.length && more.bufferSize() <= 16 + 65535);
            } else {
                assertTrue(((ProxyHeader.Complete) r).header().length() <= junk.length);
            }
        } catch (ProxyHeader.Malformed expected) {
            // refused: the caller closes the connection
        }
    }

    /**
     * A header split anywhere, as a socket may deliver it, parses the same as whole: each prefix
     * asks for more until the whole header is there, and the result equals the whole one's.
     */
    @Property
    void aHeaderSplitAnywhereParsesTheSame(@ForAll("headers") byte[] header, @ForAll @IntRange(min = 0, max = 200) int cut,
            @ForAll @IntRange(min = 0, max = 20) int trailing) throws Exception {
        byte[] stream = Arrays.copyOf(header, header.length + trailing); // client bytes may follow
        Arrays.fill(stream, header.length, stream.length, (byte) 'S');
        int first = Math.min(cut, header.length - 1);
        ProxyHeader.Result r = ProxyHeader.parse(stream, first);
        ProxyHeader.Incomplete more = assertInstanceOf(ProxyHeader.Incomplete.class, r);
        // Reading on into the buffer it asks for, as ProxyHeaderReader does, completes it.
        int have = Math.min(stream.length, Math.max(more.bufferSize(), first + 1));
        while (ProxyHeader.parse(stream, have) instanceof ProxyHeader.Incomplete m) {
            assertTrue(m.bufferSize() > have);
            have = Math.min(stream.length, m.bufferSize());
        }
        assertEquals(complete(header), ((ProxyHeader.Complete) ProxyHeader.parse(stream, have)).header());
    }

    @Provide
    Arbitrary<byte[]> headers() {
        Arbitrary<byte[]> v4 = Arbitraries.integers().between(0, 255).list().ofSize(4).flatMap(a ->
                Arbitraries.integers().between(0, 65535).list().ofSize(2).map(p -> ascii(
                        "PROXY TCP4 " + a.get(0) + "." + a.get(1) + "." + a.get(2) + "." + a.get(3) + " 10.0.0.1 "
                                + p.get(0) + " " + p.get(1) + "\r\n")));
        Arbitrary<byte[]> v2 = Arbitraries.bytes().array(byte[].class).ofMinSize(12).ofMaxSize(60).map(body -> {
            byte[] b = Arrays.copyOf(V2_SIG, 16 + body.length);
            b[12] = 0x21;
            b[13] = 0x11;
            b[14] = (byte) (body.length >> 8);
            b[15] = (byte) body.length;
            System.arraycopy(body, 0, b, 16, body.length);
            return b;
        });
        return Arbitraries.oneOf(v4, v2, Arbitraries.of(goldenHeaders()));
    }

    static List<byte[]> goldenHeaders() {
        return List.of(V2_TCP4, V2_TCP6_TLV, V2_LOCAL, ascii("PROXY UNKNOWN\r\n"),
                ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
                ascii("PROXY TCP6 2001:db8::1 ::1 65535 22\r\n"));
    }
}
