package org.sshwire.transport;

import org.sshwire.transport.research.EnginePair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * DESIGN §5: a research hook (observer, interceptor, key log) that throws ends its own
 * connection, cleanly: no exception leaves the engine, the peer gets a DISCONNECT, the
 * application a Disconnected event, and the hooks are not called again.
 */
class ThrowingHooksTest {
    private static TransportEvent.Disconnected only(List<TransportEvent.Disconnected> ds, List<TransportEvent> all) {
        assertEquals(1, ds.size(), () -> "one Disconnected event: " + all);
        return ds.get(0);
    }

    private static void assertEndedByLocalHook(EnginePair p, boolean clientFailed) {
        TransportEngine failed = clientFailed ? p.client() : p.server();
        TransportEngine peer = clientFailed ? p.server() : p.client();
        List<TransportEvent> failedEvents = clientFailed ? p.clientEvents() : p.serverEvents();
        List<TransportEvent> peerEvents = clientFailed ? p.serverEvents() : p.clientEvents();
        assertTrue(failed.isClosed(), "the engine whose hook threw is closed");
        TransportEvent.Disconnected local = only(failedEvents.stream().filter(TransportEvent.Disconnected.class::isInstance)
                .map(TransportEvent.Disconnected.class::cast).toList(), failedEvents);
        assertFalse(local.byPeer());
        assertEquals(DisconnectReason.BY_APPLICATION, local.reason());
        assertTrue(local.description().contains("hook failed"), local::description);
        assertTrue(peer.isClosed(), "the peer got the DISCONNECT");
        TransportEvent.Disconnected remote = only(peerEvents.stream().filter(TransportEvent.Disconnected.class::isInstance)
                .map(TransportEvent.Disconnected.class::cast).toList(), peerEvents);
        assertTrue(remote.byPeer(), () -> "the peer read a DISCONNECT, not a broken stream: " + remote);
        assertEquals(DisconnectReason.BY_APPLICATION, remote.reason());
    }

    @Test
    void anObserverThatThrowsOnAnInboundPayloadEndsItsConnectionWithADisconnect() {
        AtomicInteger calls = new AtomicInteger();
        EnginePair p = new EnginePair(TransportConfig.client().build(), TestHostKeys.server().observer((d, seq, x) -> {
            calls.incrementAndGet();
            if (d == Direction.INBOUND && x.msgId() == MessageNumbers.SSH_MSG_SERVICE_REQUEST) {
                throw new IllegalStateException("observer bug");
            }
        }).build());
        p.pump();
        int before = calls.get();
        p.client().requestService("ssh-userauth");
        p.pump(); // nothing may escape receive()
        assertEndedByLocalHook(p, false);
        assertEquals(before + 1, calls.get(), "not called again, not even for our DISCONNECT");
        assertTrue(p.clientEvents(TransportEvent.ServiceAccepted.class).isEmpty());
    }

    @Test
    void anInterceptorThatThrowsOnAnOutboundPayloadMidKeyExchangeEndsItsConnectionWithADisconnect() {
        // NEWKEYS: the DISCONNECT must go out under the keys the peer still reads with, and nothing after it.
        EnginePair p = new EnginePair(TransportConfig.client().build(), TestHostKeys.server().interceptor((d, x) -> {
            if (d == Direction.OUTBOUND && x.msgId() == MessageNumbers.SSH_MSG_NEWKEYS) {
                throw new IllegalArgumentException("interceptor bug");
            }
            return List.of(x);
        }).build());
        p.pump();
        assertEndedByLocalHook(p, false);
        assertTrue(p.clientEvents(TransportEvent.KeysExchanged.class).isEmpty());
    }

    @Test
    void anInterceptorThatThrowsOnAnInboundPayloadEndsItsConnection() {
        EnginePair p = new EnginePair(TransportConfig.client().interceptor((d, x) -> {
            if (d == Direction.INBOUND && x.msgId() == MessageNumbers.SSH_MSG_SERVICE_ACCEPT) {
                throw new UnsupportedOperationException("interceptor bug");
            }
            return List.of(x);
        }).build(), TestHostKeys.server().build());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        assertEndedByLocalHook(p, true);
    }

    @Test
    void aKeyLogThatThrowsEndsItsConnection() {
        EnginePair p = new EnginePair(TransportConfig.client().keyLog(line -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
        }).build(), TestHostKeys.server().build());
        p.pump();
        assertEndedByLocalHook(p, true);
    }

    @Test
    void sendAfterAHookClosedTheConnectionIsRefusedLikeAnyClosedConnection() {
        List<Payload> seen = new ArrayList<>();
        EnginePair p = new EnginePair(TransportConfig.client().build(), TestHostKeys.server().observer((d, seq, x) -> {
            if (d == Direction.OUTBOUND && x.msgId() == 94) {
                throw new IllegalStateException("observer bug");
            }
            seen.add(x);
        }).build());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        p.server().send(new Payload(94, org.sshwire.transport.wire.Bytes.EMPTY)); // the hook throws inside send
        p.pump();
        assertEndedByLocalHook(p, false);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> p.server().send(new Payload(94, org.sshwire.transport.wire.Bytes.EMPTY)));
    }
}
