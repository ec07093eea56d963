package org.sshwire.connection.internal.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** SOCKS4/4a/5 requests as {@code ssh -D} reads them: what is served, what is refused with which reply. */
class SocksHandshakeTest {
    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    final ByteArrayOutputStream replies = new ByteArrayOutputStream();

    SocksHandshake.Request read(byte[] in) throws IOException {
        return SocksHandshake.read(new ByteArrayInputStream(in), replies);
    }

    @Test
    void socks5ConnectToANameAnIpv4AndAnIpv6Address() throws IOException {
        byte[] hello = b(5, 2, 2, 0); // offers user/password and none: none is chosen
        assertEquals(new SocksHandshake.Request(5, "example.org", 80),
                read(cat(hello, b(5, 1, 0, 3, 11), "example.org".getBytes(), b(0, 80))));
        assertArrayEquals(b(5, 0), replies.toByteArray());
        assertEquals(new SocksHandshake.Request(5, "10.1.2.3", 8080), read(cat(hello, b(5, 1, 0, 1, 10, 1, 2, 3, 0x1f, 0x90))));
        byte[] v6 = new byte[16];
        v6[15] = 1;
        assertEquals(new SocksHandshake.Request(5, "0:0:0:0:0:0:0:1", 22), read(cat(hello, b(5, 1, 0, 4), v6, b(0, 22))));
        replies.reset();
        SocksHandshake.succeeded(replies, new SocksHandshake.Request(5, "h", 1));
        assertArrayEquals(b(5, 0, 0, 1, 0, 0, 0, 0, 0, 0), replies.toByteArray());
    }

    @Test
    void socks4AndSocks4a() throws IOException {
        assertEquals(new SocksHandshake.Request(4, "127.0.0.1", 80), read(cat(b(4, 1, 0, 80, 127, 0, 0, 1), "me".getBytes(), b(0))));
        assertEquals(new SocksHandshake.Request(4, "intranet", 443),
                read(cat(b(4, 1, 1, 0xbb, 0, 0, 0, 9, 0), "intranet".getBytes(), b(0))));
        assertEquals(0, replies.size());
        SocksHandshake.succeeded(replies, new SocksHandshake.Request(4, "h", 1));
        assertArrayEquals(b(0, 0x5A, 0, 0, 0, 0, 0, 0), replies.toByteArray());
        replies.reset();
        SocksHandshake.failed(replies, new SocksHandshake.Request(4, "h", 1), SocksHandshake.CONNECTION_REFUSED);
        assertArrayEquals(b(0, 0x5B, 0, 0, 0, 0, 0, 0), replies.toByteArray());
    }

    @Test
    void bindAndUdpAssociateAreRefusedWithCommandNotSupported() {
        for (int command : new int[] {2, 3, 9}) {
            replies.reset();
            assertThrows(SocksHandshake.SocksException.class, () -> read(cat(b(5, 1, 0), b(5, command, 0, 1, 1, 2, 3, 4, 0, 80))));
            assertArrayEquals(b(5, 0, 5, 7, 0, 1, 0, 0, 0, 0, 0, 0), replies.toByteArray());
        }
        replies.reset();
        assertThrows(SocksHandshake.SocksException.class, () -> read(cat(b(4, 2, 0, 80, 1, 2, 3, 4, 0))));
        assertArrayEquals(b(0, 0x5B, 0, 0, 0, 0, 0, 0), replies.toByteArray());
    }

    @Test
    void noAcceptableMethodUnknownAddressTypeAndBadNamesGetTheirReplies() {
        assertThrows(SocksHandshake.SocksException.class, () -> read(b(5, 1, 2)));
        assertArrayEquals(b(5, 0xFF), replies.toByteArray());
        replies.reset();
        assertThrows(SocksHandshake.SocksException.class, () -> read(b(5, 1, 0, 5, 1, 0, 7, 0, 0)));
        assertArrayEquals(b(5, 0, 5, 8, 0, 1, 0, 0, 0, 0, 0, 0), replies.toByteArray());
        replies.reset();
        assertThrows(SocksHandshake.SocksException.class, () -> read(b(5, 1, 0, 5, 1, 0, 3, 0, 0, 80)));
        assertArrayEquals(b(5, 0, 5, 1, 0, 1, 0, 0, 0, 0, 0, 0), replies.toByteArray());
        replies.reset();
        assertThrows(SocksHandshake.SocksException.class, () -> read(cat(b(5, 1, 0, 5, 1, 0, 3, 3), "a\nb".getBytes(), b(0, 80))));
        assertArrayEquals(b(5, 0, 5, 1, 0, 1, 0, 0, 0, 0, 0, 0), replies.toByteArray());
        assertThrows(SocksHandshake.SocksException.class, () -> read(b(0x47, 0x45, 0x54))); // "GET": not SOCKS
    }

    @Test
    void socks4StringsAreBounded() {
        byte[] longId = new byte[SocksHandshake.MAX_STRING + 1];
        Arrays.fill(longId, (byte) 'u');
        assertThrows(SocksHandshake.SocksException.class, () -> read(cat(b(4, 1, 0, 80, 1, 2, 3, 4), longId, b(0))));
        byte[] okId = Arrays.copyOf(longId, SocksHandshake.MAX_STRING);
        assertThrows(SocksHandshake.SocksException.class, () -> read(cat(b(4, 1, 0, 80, 0, 0, 0, 1), okId, b(0), longId, b(0))));
    }

    /** Any truncation of a valid request is an EOF, never a request read from bytes that were not there. */
    @Property
    void truncatedRequestsEndInEof(@ForAll @Size(max = 40) byte[] name, @ForAll boolean socks4) throws IOException {
        byte[] host = new byte[name.length];
        for (int i = 0; i < name.length; i++) {
            host[i] = (byte) ('a' + Math.floorMod(name[i], 26));
        }
        byte[] full = socks4 ? cat(b(4, 1, 0, 80, 0, 0, 0, 1, 0), host, b(0))
                : cat(b(5, 1, 0, 5, 1, 0, 3, host.length), host, b(0, 80));
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            Class<? extends IOException> expected = host.length > 0 ? EOFException.class : IOException.class;
            assertThrows(expected, () -> read(part), "cut at " + cut);
        }
        if (host.length > 0) {
            assertEquals(new SocksHandshake.Request(socks4 ? 4 : 5, new String(host), 80), read(full));
        }
    }
}
