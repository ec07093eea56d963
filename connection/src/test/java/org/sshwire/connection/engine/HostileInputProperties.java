package org.sshwire.connection.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sshwire.connection.message.ChannelClose;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelEof;
import org.sshwire.connection.message.ChannelExtendedData;
import org.sshwire.connection.message.ChannelOpen;
import org.sshwire.connection.message.ChannelOpenConfirmation;
import org.sshwire.connection.message.ChannelOpenFailure;
import org.sshwire.connection.message.ChannelRequest;
import org.sshwire.connection.message.ChannelSuccess;
import org.sshwire.connection.message.ChannelWindowAdjust;
import org.sshwire.connection.message.GlobalRequest;
import org.sshwire.connection.message.RequestSuccess;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;

/**
 * Whatever a peer sends — well-formed messages in any order for plausible channel ids, or
 * random bytes — the engine never throws, keeps its table within its cap, and after a
 * PROTOCOL_ERROR emits nothing more (DESIGN §6).
 */
class HostileInputProperties {

    @Property(tries = 500)
    void anySequenceOfPayloadsIsHandledWithoutThrowing(@ForAll("sequences") List<Payload> payloads,
            @ForAll boolean serverRole) {
        ConnectionConfig cfg = (serverRole ? ConnectionConfig.server() : ConnectionConfig.client())
                .withMaxChannels(4).withMaxPendingRequests(3);
        ConnectionEngine e = new ConnectionEngine(cfg);
        if (!serverRole) {
            e.openChannel("session", Bytes.EMPTY, 1000, 100); // id 0, waiting for confirmation
        }
        boolean failed = false;
        for (Payload p : payloads) {
            e.receive(p);
            for (ConnectionEvent ev; (ev = e.pollEvent()) != null; ) {
                assertTrue(!failed, "event after the protocol error: " + ev);
                if (ev instanceof ConnectionEvent.ProtocolError) {
                    failed = true;
                    assertEquals(DisconnectReason.PROTOCOL_ERROR, ((ConnectionEvent.ProtocolError) ev).reason());
                } else if (ev instanceof ConnectionEvent.ChannelOpenRequested) {
                    e.acceptChannel(((ConnectionEvent.ChannelOpenRequested) ev).channel(), 1000, 100);
                }
            }
            while (e.pollTransmit() != null) {
                // the peer would get these
            }
            assertTrue(e.channelCount() <= 4);
        }
        assertEquals(failed, e.isFailed());
    }

    @Provide
    Arbitrary<List<Payload>> sequences() {
        Arbitrary<Long> id = Arbitraries.longs().between(0, 3).injectDuplicates(0.5)
                .edgeCases(c -> c.add(0xffffffffL));
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffffffffL).edgeCases(c -> c.add(0L, 1L, 0xffffffffL));
        Arbitrary<Bytes> data = Arbitraries.integers().between(0, 200).map(n -> Bytes.wrap(new byte[n]));
        Arbitrary<String> reqType = Arbitraries.of("pty-req", "env", "shell", "exec", "x11-req", "exit-status",
                "keepalive@openssh.com", "other");
        Arbitrary<Bytes> junk = Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(Bytes::of);
        Arbitrary<Payload> wellFormed = Arbitraries.oneOf(List.of(
                Combinators.combine(Arbitraries.of("session", "x11", "direct-tcpip"), id, u32, u32)
                        .as((t, s, w, m) -> new ChannelOpen(t, s, w, m, Bytes.EMPTY).toPayload()),
                Combinators.combine(id, id, u32, u32).as((r, s, w, m) -> new ChannelOpenConfirmation(r, s, w, m, Bytes.EMPTY).toPayload()),
                id.map(r -> new ChannelOpenFailure(r, 2, "", "").toPayload()),
                Combinators.combine(id, u32).as((r, n) -> new ChannelWindowAdjust(r, n).toPayload()),
                Combinators.combine(id, data).as((r, d) -> new ChannelData(r, d).toPayload()),
                Combinators.combine(id, data).as((r, d) -> new ChannelExtendedData(r, 1, d).toPayload()),
                id.map(r -> new ChannelEof(r).toPayload()),
                id.map(r -> new ChannelClose(r).toPayload()),
                Combinators.combine(id, reqType, Arbitraries.of(true, false), junk)
                        .as((r, t, w, d) -> new ChannelRequest(r, t, w, d).toPayload()),
                id.map(r -> new ChannelSuccess(r).toPayload()),
                Combinators.combine(Arbitraries.of("keepalive@openssh.com", "no-more-sessions@openssh.com",
                        "hostkeys-00@openssh.com", "tcpip-forward", "x"), Arbitraries.of(true, false), junk)
                        .as((n, w, d) -> new GlobalRequest(n, w, d).toPayload()),
                junk.map(d -> new RequestSuccess(d).toPayload())));
        Arbitrary<Payload> random = Combinators.combine(Arbitraries.integers().between(80, 127), junk)
                .as(Payload::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, wellFormed), net.jqwik.api.Tuple.of(1, random))
                .list().ofMaxSize(40);
    }
}
