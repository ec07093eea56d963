package org.sshwire.transport;

import org.sshwire.transport.research.EnginePair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Per-connection research hooks at the wire, payload and message levels (DESIGN §5): what each
 * sees, what wire interceptors can do to sealed packets, the {@link ConnectionInfo} they get,
 * and that a throwing hook at any level ends only its connection with DISCONNECT BY_APPLICATION.
 */
class ConnectionHooksTest {
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 40001);
    private static final InetSocketAddress S = new InetSocketAddress("127.0.0.1", 22);

    record Seen(Direction direction, int sequence, byte[] bytes) {
    }

    private static EnginePair pair(ConnectionHooks clientHooks, ConnectionHooks serverHooks) {
        return new EnginePair(
                new TransportEngine(TransportConfig.client().build(), ConnectionInfo.opening(1, C, S), clientHooks),
                new TransportEngine(TestHostKeys.server().build(), ConnectionInfo.opening(2, S, C), serverHooks));
    }

    private static ConnectionHooks wireRecorder(List<Seen> into) {
        return ConnectionHooks.builder().wireObserver((c, d, seq, b) -> {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            into.add(new Seen(d, seq, copy));
        }).build();
    }

    @Test
    void wireObserversSeeEachSealedPacketOnceOnBothSidesWithItsSequenceNumber() {
        List<Seen> client = new ArrayList<>();
        List<Seen> server = new ArrayList<>();
        EnginePair p = pair(wireRecorder(client), wireRecorder(server));
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        assertEquals(1, p.clientEvents(TransportEvent.ServiceAccepted.class).size());
        List<Seen> sent = client.stream().filter(s -> s.direction() == Direction.OUTBOUND).toList();
        List<Seen> received = server.stream().filter(s -> s.direction() == Direction.INBOUND).toList();
        // KEXINIT, ECDH_INIT, NEWKEYS, then under the new keys (strict kex: the sequence restarts) SERVICE_REQUEST
        assertEquals(List.of(0, 1, 2, 0), sent.stream().map(Seen::sequence).toList());
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).sequence(), received.get(i).sequence());
            assertArrayEquals(sent.get(i).bytes(), received.get(i).bytes(), "packet " + i + ": as sealed is as received");
        }
        // Before NEWKEYS the packet is cleartext: its length field, then padding length, then KEXINIT.
        byte[] kexinit = sent.get(0).bytes();
        assertEquals(kexinit.length - 4, ByteBuffer.wrap(kexinit).getInt());
        assertEquals(MessageNumbers.SSH_MSG_KEXINIT, kexinit[5]);
        // After it, ciphertext: the MAC or tag makes it longer than a plaintext packet's framing.
        assertTrue(received.get(3).bytes().length > 16);
    }

    @Test
    void aWireInterceptorCanHoldAPacketBackAndSendItWithTheNext() {
        List<ByteBuffer> held = new ArrayList<>();
        ConnectionHooks delay = ConnectionHooks.builder().wireInterceptor((c, d, seq, sealed) -> {
            if (d == Direction.INBOUND) {
                return List.of(sealed);
            }
            if (seq == 0 && held.isEmpty()) {
                held.add(sealed); // the KEXINIT waits...
                return List.of();
            }
            List<ByteBuffer> out = new ArrayList<>(held);
            held.clear();
            out.add(sealed); // ...and goes out just before the next packet
            return out;
        }).build();
        EnginePair p = pair(delay, ConnectionHooks.NONE);
        p.pump();
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size(), "the exchange completes anyway");
    }

    @Test
    void aWireInterceptorThatDropsASealedPacketDesynchronisesThePeer() {
        ConnectionHooks drop = ConnectionHooks.builder().wireInterceptor((c, d, seq, sealed) ->
                d == Direction.OUTBOUND && c.sessionId() != null && seq == 0 ? List.of() : List.of(sealed)).build();
        EnginePair p = pair(drop, ConnectionHooks.NONE);
        p.pump();
        p.client().requestService("ssh-userauth"); // dropped on the wire: sequence 0 under the new keys
        p.client().sendRaw(new Payload(MessageNumbers.SSH_MSG_IGNORE, org.sshwire.transport.wire.Bytes.fromHex("00000000")));
        p.pump();
        // chacha20-poly1305 decrypts the next packet's length with the wrong sequence number:
        // garbage, refused before the MAC is even checked.
        TransportEvent.Disconnected d = p.serverEvents(TransportEvent.Disconnected.class).get(0);
        assertTrue(d.reason() == DisconnectReason.PROTOCOL_ERROR || d.reason() == DisconnectReason.MAC_ERROR, d::toString);
        assertTrue(p.clientEvents(TransportEvent.ServiceAccepted.class).isEmpty());
    }

    @Test
    void aWireInterceptorCanReplaceAndInjectBytes() {
        // Replace the client's first KEXINIT packet by the same bytes preceded by an injected
        // cleartext IGNORE packet (uint32 length 12, padding 6, IGNORE, empty string, padding).
        byte[] ignore = org.sshwire.transport.wire.Bytes.fromHex("0000000c" + "06" + "02" + "00000000" + "000000000000").toArray();
        ConnectionHooks inject = ConnectionHooks.builder().wireInterceptor((c, d, seq, sealed) ->
                d == Direction.OUTBOUND && c.sessionId() == null && seq == 0 ? List.of(ByteBuffer.wrap(ignore), sealed) : List.of(sealed)).build();
        List<Payload> serverSaw = new ArrayList<>();
        EnginePair p = pair(inject, ConnectionHooks.builder().payloadObserver((c, d, seq, x) -> {
            if (d == Direction.INBOUND) {
                serverSaw.add(x);
            }
        }).policy(org.sshwire.transport.research.TransportPolicy.builder().strictKex(false).build()).build());
        p.pump();
        assertEquals(MessageNumbers.SSH_MSG_IGNORE, serverSaw.get(0).msgId());
        assertEquals(MessageNumbers.SSH_MSG_KEXINIT, serverSaw.get(1).msgId());
    }

    /**
     * An inbound wire interceptor on the server injects a cleartext IGNORE packet before the
     * client's KEXINIT: the server reads it as the client's packet 0, so from then on its sequence
     * numbers run one ahead of the client's — the first half of Terrapin (CVE-2023-48795).
     */
    private static EnginePair injectIgnoreBeforeKexInit(boolean strictKex, List<Payload> serverSaw) {
        byte[] ignore = org.sshwire.transport.wire.Bytes.fromHex("0000000c" + "06" + "02" + "00000000" + "000000000000").toArray();
        boolean[] injected = new boolean[1];
        ConnectionHooks mitm = ConnectionHooks.builder().wireInterceptor((c, d, seq, sealed) -> {
            if (d == Direction.INBOUND && !injected[0]) {
                injected[0] = true;
                return List.of(ByteBuffer.wrap(ignore), sealed);
            }
            return List.of(sealed);
        }).payloadObserver((c, d, seq, x) -> {
            if (d == Direction.INBOUND) {
                serverSaw.add(x);
            }
        }).policy(org.sshwire.transport.research.TransportPolicy.builder().strictKex(strictKex).build()).build();
        EnginePair p = pair(ConnectionHooks.NONE, mitm);
        p.pump();
        if (!p.client().isClosed()) {
            p.client().requestService("ssh-userauth");
            p.pump();
        }
        return p;
    }

    @Test
    void anInboundWireInterceptorInjectsBytesThatArePacketsOfThePeer() {
        List<Payload> serverSaw = new ArrayList<>();
        EnginePair p = injectIgnoreBeforeKexInit(false, serverSaw);
        assertEquals(MessageNumbers.SSH_MSG_IGNORE, serverSaw.get(0).msgId());
        assertEquals(MessageNumbers.SSH_MSG_KEXINIT, serverSaw.get(1).msgId());
        // The keys agree (the IGNORE is not hashed), but the first encrypted packet is opened
        // with a sequence number one too high.
        assertEquals(1, p.serverEvents(TransportEvent.KeysExchanged.class).size());
        TransportEvent.Disconnected d = p.serverEvents(TransportEvent.Disconnected.class).get(0);
        assertTrue(d.reason() == DisconnectReason.PROTOCOL_ERROR || d.reason() == DisconnectReason.MAC_ERROR, d::toString);
    }

    @Test
    void strictKexRefusesTheInjectedPacketAtOnce() {
        EnginePair p = injectIgnoreBeforeKexInit(true, new ArrayList<>());
        TransportEvent.Disconnected d = p.serverEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertTrue(d.description().startsWith("strict KEX violation"), d::description);
    }

    @Test
    void anInboundWireInterceptorCanHoldAPacketBackAndReleaseItWithTheNext() {
        List<ByteBuffer> held = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        ConnectionHooks delay = ConnectionHooks.builder().wireInterceptor((c, d, seq, sealed) -> {
            if (d == Direction.OUTBOUND) {
                return List.of(sealed);
            }
            if (order.isEmpty() && held.isEmpty()) {
                held.add(sealed); // the client's KEXINIT waits for its next packet
                return List.of();
            }
            List<ByteBuffer> out = new ArrayList<>(held);
            held.clear();
            out.add(sealed);
            return out;
        }).payloadObserver((c, d, seq, x) -> {
            if (d == Direction.INBOUND) {
                order.add(x.msgId());
            }
        }).build();
        EnginePair p = pair(ConnectionHooks.NONE, delay);
        p.pump();
        assertEquals(List.of(MessageNumbers.SSH_MSG_KEXINIT, MessageNumbers.SSH_MSG_KEX_ECDH_INIT, MessageNumbers.SSH_MSG_NEWKEYS),
                order.subList(0, 3));
        assertEquals(1, p.serverEvents(TransportEvent.KeysExchanged.class).size(), "released in order, the exchange completes");
    }

    @Test
    void hooksSeeTheConnectionAsItBecomesKnown() {
        List<ConnectionInfo> seen = new ArrayList<>();
        EnginePair p = pair(ConnectionHooks.builder().payloadObserver((c, d, seq, x) -> seen.add(c)).build(), ConnectionHooks.NONE);
        p.pump();
        ConnectionInfo first = seen.get(0);
        assertEquals(1, first.id());
        assertEquals(C, first.localAddress());
        assertEquals(S, first.remoteAddress());
        assertEquals(TransportConfig.DEFAULT_IDENTIFICATION, first.clientVersion());
        assertNull(first.serverVersion(), "the client sends KEXINIT before the server's identification arrived");
        assertNull(first.sessionId());
        ConnectionInfo last = seen.get(seen.size() - 1);
        assertEquals(TransportConfig.DEFAULT_IDENTIFICATION, last.serverVersion());
        assertNotNull(last.sessionId(), "known once the exchange is done, before our NEWKEYS");
        p.client().requestService("ssh-userauth");
        p.pump();
        ConnectionInfo keyed = seen.get(seen.size() - 1);
        assertEquals(p.client().connectionInfo(), keyed);
        assertNotNull(keyed.algorithms());
        assertNotNull(keyed.hostKey());
    }

    @Test
    void messageObserversSeeKexInitAsARecordAndOtherTransportMessagesAsPayloads() {
        List<Record> seen = new ArrayList<>();
        EnginePair p = pair(ConnectionHooks.builder().messageObserver((c, d, seq, m) -> seen.add(m)).build(), ConnectionHooks.NONE);
        p.pump();
        assertInstanceOf(KexInit.class, seen.get(0));
        assertInstanceOf(KexInit.class, seen.get(1));
        assertTrue(seen.stream().skip(2).allMatch(Payload.class::isInstance), seen::toString);
    }

    @Test
    void perConnectionPayloadInterceptorsRewriteOnlyTheirOwnConnection() {
        List<Integer> dropped = new ArrayList<>();
        ConnectionHooks dropIgnore = ConnectionHooks.builder().payloadInterceptor((c, d, x) -> {
            if (x.msgId() == MessageNumbers.SSH_MSG_IGNORE) {
                dropped.add((int) c.id());
                return List.of();
            }
            return List.of(x);
        }).build();
        EnginePair p = pair(ConnectionHooks.NONE, dropIgnore);
        p.pump();
        p.client().sendRaw(new Payload(MessageNumbers.SSH_MSG_IGNORE, org.sshwire.transport.wire.Bytes.fromHex("00000000")));
        p.pump();
        assertEquals(List.of(2), dropped, "the server's hook, with the server connection's id");
    }

    @Test
    void withoutHooksChannelDataIsFramedStraightFromTheCallersBufferAndWithHooksItIsNot() {
        assertTrue(readyPair(ConnectionHooks.NONE).client().sendChannelData(0, ByteBuffer.allocate(8), 0, 8));
        List<Seen> any = new ArrayList<>();
        assertFalse(readyPair(wireRecorder(any)).client().sendChannelData(0, ByteBuffer.allocate(8), 0, 8),
                "hooks see a Payload, so the fast path steps aside");
    }

    private static EnginePair readyPair(ConnectionHooks clientHooks) {
        EnginePair p = pair(clientHooks, ConnectionHooks.NONE);
        p.pump();
        return p;
    }

    static List<Function<RuntimeException, ConnectionHooks>> throwingHooks() {
        return List.of(
                e -> ConnectionHooks.builder().wireObserver((c, d, seq, b) -> {
                    if (d == Direction.INBOUND && c.sessionId() != null) {
                        throw e;
                    }
                }).build(),
                e -> ConnectionHooks.builder().wireObserver((c, d, seq, b) -> {
                    if (d == Direction.OUTBOUND && c.sessionId() != null) {
                        throw e;
                    }
                }).build(),
                e -> ConnectionHooks.builder().wireInterceptor((c, d, seq, b) -> {
                    if (c.sessionId() != null) {
                        throw e;
                    }
                    return List.of(b);
                }).build(),
                e -> ConnectionHooks.builder().payloadObserver((c, d, seq, x) -> {
                    if (x.msgId() == MessageNumbers.SSH_MSG_SERVICE_REQUEST) {
                        throw e;
                    }
                }).build(),
                e -> ConnectionHooks.builder().payloadInterceptor((c, d, x) -> {
                    if (x.msgId() == MessageNumbers.SSH_MSG_SERVICE_REQUEST) {
                        throw e;
                    }
                    return List.of(x);
                }).build(),
                e -> ConnectionHooks.builder().messageObserver((c, d, seq, m) -> {
                    if (m instanceof Payload x && x.msgId() == MessageNumbers.SSH_MSG_SERVICE_REQUEST) {
                        throw e;
                    }
                }).build());
    }

    @Test
    void aHookThatThrowsAtAnyLevelEndsItsConnectionWithDisconnectByApplication() {
        int i = 0;
        for (Function<RuntimeException, ConnectionHooks> h : throwingHooks()) {
            String what = "hook kind " + i++;
            EnginePair p = pair(ConnectionHooks.NONE, h.apply(new IllegalStateException("research bug")));
            p.pump();
            if (!p.client().isClosed()) { // hooks on the server's own NEWKEYS end it during the exchange
                p.client().requestService("ssh-userauth");
                p.pump();
            }
            assertTrue(p.server().isClosed(), what);
            TransportEvent.Disconnected local = p.serverEvents(TransportEvent.Disconnected.class).get(0);
            assertEquals(DisconnectReason.BY_APPLICATION, local.reason(), what);
            assertTrue(local.description().contains("hook failed"), what + ": " + local);
            TransportEvent.Disconnected remote = p.clientEvents(TransportEvent.Disconnected.class).get(0);
            assertTrue(remote.byPeer(), what + ": the client read a DISCONNECT, not a broken stream: " + remote);
            assertEquals(DisconnectReason.BY_APPLICATION, remote.reason(), what);
        }
    }
}
