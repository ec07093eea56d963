package org.sshwire.transport;

import org.sshwire.transport.research.EnginePair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * zlib and zlib@openssh.com between our engines (RFC 4253 §6.2; OpenSSH's delayed variant starts
 * after USERAUTH_SUCCESS), and the bounds on what a peer's compressed packet may inflate to.
 */
class CompressionTest {
    static final Payload BIG = new Payload(94, Bytes.wrap(new byte[100_000]));

    static EnginePair connected(List<String> clientComp, List<String> serverComp) {
        EnginePair p = new EnginePair(TransportConfig.client().compression(clientComp).build(),
                TestHostKeys.server().compression(serverComp).build());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        return p;
    }

    /** Sends one payload from {@code from} and returns the wire bytes it took. */
    static int wireBytes(TransportEngine from, Payload payload) {
        from.send(payload);
        int n = 0;
        List<ByteBuffer> out = new ArrayList<>();
        for (ByteBuffer b; (b = from.pollTransmit()) != null; ) {
            n += b.remaining();
            out.add(b);
        }
        pending = out;
        return n;
    }

    static List<ByteBuffer> pending;

    static void deliver(TransportEngine to) {
        pending.forEach(to::receive);
    }

    @Test
    void zlibCompressesFromTheFirstEncryptedPacketBothWays() {
        EnginePair p = connected(List.of("zlib", "none"), List.of("zlib"));
        assertEquals("zlib", p.client().connectionInfo().algorithms().compressionClientToServer());
        assertTrue(wireBytes(p.client(), BIG) < 2_000, "100 kB of zeros travels compressed");
        deliver(p.server());
        p.pump();
        assertTrue(wireBytes(p.server(), BIG) < 2_000);
        deliver(p.client());
        p.pump();
        assertEquals(BIG, p.serverEvents(TransportEvent.PayloadReceived.class).get(0).payload());
        assertEquals(BIG, p.clientEvents(TransportEvent.PayloadReceived.class).get(0).payload());
    }

    @Test
    void delayedCompressionWaitsForUserauthSuccessThenRunsAcrossRekeys() {
        EnginePair p = connected(List.of("zlib@openssh.com", "none"), List.of("none", "zlib@openssh.com"));
        assertEquals("zlib@openssh.com", p.server().connectionInfo().algorithms().compressionServerToClient());
        assertTrue(wireBytes(p.client(), BIG) > 100_000, "not before authentication");
        deliver(p.server());
        p.pump();
        p.server().send(new Payload(MessageNumbers.SSH_MSG_USERAUTH_SUCCESS, Bytes.EMPTY));
        p.pump();
        for (int round = 0; round < 3; round++) {
            assertTrue(wireBytes(p.client(), BIG) < 2_000, "after USERAUTH_SUCCESS, round " + round);
            deliver(p.server());
            assertTrue(wireBytes(p.server(), BIG) < 2_000);
            deliver(p.client());
            p.pump();
            // Each NEWKEYS starts a fresh stream in each direction, as OpenSSH does.
            (round == 0 ? p.client() : p.server()).startRekey();
            p.pump();
        }
        assertFalse(p.client().isClosed(), () -> p.clientEvents().toString());
        assertFalse(p.server().isClosed(), () -> p.serverEvents().toString());
        assertEquals(4, p.serverEvents(TransportEvent.PayloadReceived.class).size());
        p.serverEvents(TransportEvent.PayloadReceived.class).forEach(e -> assertEquals(BIG, e.payload()));
        assertEquals(3, p.clientEvents(TransportEvent.PayloadReceived.class).stream().filter(e -> e.payload().msgId() == 94).count());
    }

    @Test
    void noCommonMethodFailsTheKeyExchange() {
        EnginePair p = new EnginePair(TransportConfig.client().compression(List.of("zlib")).build(),
                TestHostKeys.server().build());
        p.pump();
        TransportEvent.Disconnected d = p.clientEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, d.reason());
        assertTrue(d.description().contains("compression"), d.description());
    }

    /**
     * A decompression bomb: a payload that is small on the wire and inflates past the packet limit
     * (DESIGN §6: 256 KiB after decompression too) ends the connection with COMPRESSION_ERROR.
     */
    @Test
    void aPayloadInflatingPastTheLimitIsACompressionError() {
        EnginePair p = connected(List.of("zlib"), List.of("zlib"));
        assertTrue(wireBytes(p.client(), new Payload(94, Bytes.wrap(new byte[300 * 1024]))) < 2_000);
        deliver(p.server());
        p.pump();
        List<TransportEvent.Disconnected> ds = p.serverEvents(TransportEvent.Disconnected.class);
        assertEquals(1, ds.size(), () -> p.serverEvents().toString());
        assertEquals(DisconnectReason.COMPRESSION_ERROR, ds.get(0).reason());
        assertTrue(p.serverEvents(TransportEvent.PayloadReceived.class).isEmpty());
    }
}
