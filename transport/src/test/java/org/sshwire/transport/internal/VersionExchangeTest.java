package org.sshwire.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.TransportException;

/** RFC 4253 §4.2 identification exchange, including its hostile-length limits. */
class VersionExchangeTest {

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void serverBannerLinesThenIdentificationLeavesFollowingBytesUnread() {
        VersionExchange v = new VersionExchange(true);
        ByteBuffer in = ascii("hello there\r\nsecond line\nSSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\u0000\u0000");
        assertTrue(v.receive(in));
        assertEquals("SSH-2.0-OpenSSH_9.2p1 Debian-2", v.identification());
        assertEquals(List.of("hello there", "second line"), v.preIdentificationLines());
        assertEquals(2, in.remaining(), "packet bytes after the identification stay in the buffer");
    }

    @Test
    void identificationSplitOneByteAtATimeWithBareLf() {
        VersionExchange v = new VersionExchange(false);
        byte[] all = "SSH-2.0-Go\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < all.length - 1; i++) {
            assertFalse(v.receive(ByteBuffer.wrap(all, i, 1)));
        }
        assertTrue(v.receive(ByteBuffer.wrap(all, all.length - 1, 1)));
        assertEquals("SSH-2.0-Go", v.identification());
    }

    @Test
    void clientMayNotSendLinesBeforeItsIdentification() {
        TransportException e = assertThrows(TransportException.class,
                () -> new VersionExchange(false).receive(ascii("GET / HTTP/1.1\r\n")));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.reason());
    }

    @Test
    void sshOneIsRefusedAsUnsupportedVersion() {
        TransportException e = assertThrows(TransportException.class,
                () -> new VersionExchange(true).receive(ascii("SSH-1.5-old\r\n")));
        assertEquals(DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED, e.reason());
        assertTrue(new VersionExchange(true).receive(ascii("SSH-1.99-compat\r\n")));
    }

    @Test
    void identificationLongerThan255BytesIsRefused() {
        String ok = "SSH-2.0-" + "x".repeat(253 - 8);
        assertTrue(new VersionExchange(true).receive(ascii(ok + "\r\n")));
        TransportException e = assertThrows(TransportException.class,
                () -> new VersionExchange(true).receive(ascii(ok + "y\r\n")));
        assertTrue(e.getMessage().contains("255"));
    }

    @Test
    void preIdentificationLinesAreBoundedInLengthAndCount() {
        assertThrows(TransportException.class,
                () -> new VersionExchange(true).receive(ascii("z".repeat(8193))));
        VersionExchange v = new VersionExchange(true);
        assertFalse(v.receive(ascii("line\n".repeat(1024))));
        TransportException e = assertThrows(TransportException.class, () -> v.receive(ascii("one too many\n")));
        assertTrue(e.getMessage().contains("1024"));
    }

    @Test
    void aLineBeforeTheIdentificationUpToTheLimitIsKeptWhole() {
        // 8 191 bytes and CR: the longest line the limit allows, read split at every size the buffer grows through.
        String longest = "b".repeat(VersionExchange.MAX_PRE_LINE_LENGTH - 1);
        VersionExchange v = new VersionExchange(true);
        byte[] all = (longest + "\r\nSSH-2.0-peer\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < all.length; i += 100) {
            v.receive(ByteBuffer.wrap(all, i, Math.min(100, all.length - i)));
        }
        assertEquals(List.of(longest), v.preIdentificationLines());
        assertEquals("SSH-2.0-peer", v.identification());
    }

    @Test
    void encodeAppendsCrLfAndRefusesBadIdentifications() {
        assertEquals("SSH-2.0-sshwire_0.1\r\n", new String(VersionExchange.encode("SSH-2.0-sshwire_0.1"), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> VersionExchange.encode("SSH-1.5-x"));
        assertThrows(IllegalArgumentException.class, () -> VersionExchange.encode("SSH-2.0-a\nb"));
    }
}
