package org.sshwire.connection.engine;

import org.sshwire.connection.research.ChannelEnginePair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.transport.wire.Bytes;

/**
 * The stateful test: random sequences of open / data / consume (window adjust) / EOF /
 * close / requests, with payloads delivered in random slices so that messages cross, on an
 * in-memory client–server pair. Checked after every step: no protocol error, every byte stream
 * received is a prefix of what was sent (nothing lost, duplicated or reordered), windows stay in
 * 0..2^32−1, no reply without a request. At the end every stream no one closed early arrived
 * whole, and every channel is closed on both sides.
 */
class ChannelFlowProperties {
    static final int CLIENT = 0;
    static final int SERVER = 1;

    /** One direction of one channel, seen from the side that sends it. */
    static final class Side {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final ByteArrayOutputStream sentErr = new ByteArrayOutputStream();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final ByteArrayOutputStream receivedErr = new ByteArrayOutputStream();
        long unconsumed;
        boolean eofCalled;
        boolean closeCalled;
        boolean closedEvent;
        int repliesExpected;
        int repliesReceived;
    }

    static final class Chan {
        final int index;
        final int[] id = {-1, -1};
        final Side[] side = {new Side(), new Side()};
        final long serverWindow;
        final long serverMaxPacket;

        Chan(int index, long serverWindow, long serverMaxPacket) {
            this.index = index;
            this.serverWindow = serverWindow;
            this.serverMaxPacket = serverMaxPacket;
        }

        boolean closedEarly() {
            return side[CLIENT].closeCalled || side[SERVER].closeCalled;
        }
    }

    static final class Model {
        final ChannelEnginePair pair = new ChannelEnginePair(ConnectionConfig.client().withMaxQueuedBytes(4096),
                ConnectionConfig.server().withMaxQueuedBytes(1000).withMaxSendPacket(700));
        final List<Chan> chans = new ArrayList<>();
        final ArrayDeque<Chan> awaitingServer = new ArrayDeque<>();
        final List<Map<Integer, Chan>> byId = List.of(new HashMap<>(), new HashMap<>());
        final List<String> violations = new ArrayList<>();
        /** Per side: global requests with want-reply sent, and replies seen (each echoes its request's number). */
        final int[] globalSent = new int[2];
        final int[] globalReplied = new int[2];
        boolean autoConsume;

        Model() {
            pair.onClientEvent(handler(CLIENT));
            pair.onServerEvent(handler(SERVER));
        }

        ConnectionEngine engine(int side) {
            return side == CLIENT ? pair.client() : pair.server();
        }

        BiConsumer<ConnectionEngine, ConnectionEvent> handler(int s) {
            return (engine, e) -> {
                if (e instanceof ConnectionEvent.ProtocolError) {
                    violations.add(e.toString());
                    return;
                }
                if (e instanceof ConnectionEvent.ChannelOpenRequested) {
                    Chan c = awaitingServer.pollFirst();
                    int id = ((ConnectionEvent.ChannelOpenRequested) e).channel();
                    c.id[SERVER] = id;
                    byId.get(SERVER).put(id, c);
                    engine.acceptChannel(id, c.serverWindow, c.serverMaxPacket);
                    return;
                }
                if (e instanceof ConnectionEvent.GlobalRequestReceived) {
                    ConnectionEvent.GlobalRequestReceived g = (ConnectionEvent.GlobalRequestReceived) e;
                    if (g.wantReply()) {
                        engine.replyGlobalRequest(true, g.data());
                    }
                    return;
                }
                if (e instanceof ConnectionEvent.GlobalRequestReplied) {
                    Bytes echoed = ((ConnectionEvent.GlobalRequestReplied) e).data();
                    if (!echoed.equals(Bytes.utf8(Integer.toString(globalReplied[s]++)))) {
                        violations.add("global reply out of order: " + echoed.asUtf8());
                    }
                    return;
                }
                if (!(e instanceof ConnectionEvent.ChannelEvent)) {
                    violations.add("unexpected " + e);
                    return;
                }
                Chan c = byId.get(s).get(((ConnectionEvent.ChannelEvent) e).channel());
                Side me = c.side[s];
                if (e instanceof ConnectionEvent.ChannelDataReceived) {
                    Bytes d = ((ConnectionEvent.ChannelDataReceived) e).data();
                    me.received.writeBytes(d.toArray());
                    received(engine, c, me, d.length());
                } else if (e instanceof ConnectionEvent.ChannelExtendedDataReceived) {
                    Bytes d = ((ConnectionEvent.ChannelExtendedDataReceived) e).data();
                    me.receivedErr.writeBytes(d.toArray());
                    received(engine, c, me, d.length());
                } else if (e instanceof ConnectionEvent.ChannelRequestReceived) {
                    if (((ConnectionEvent.ChannelRequestReceived) e).wantReply()) {
                        engine.replyChannelRequest(c.id[s], true);
                    }
                } else if (e instanceof ConnectionEvent.ChannelRequestReplied) {
                    me.repliesReceived++;
                } else if (e instanceof ConnectionEvent.ChannelClosed) {
                    me.closedEvent = true;
                    me.unconsumed = 0;
                } else if (e instanceof ConnectionEvent.ChannelOpenFailed) {
                    violations.add("open failed: " + e);
                }
            };
        }

        private void received(ConnectionEngine engine, Chan c, Side me, int n) {
            me.unconsumed += n;
            if (autoConsume) {
                engine.consumed(c.id[engine == pair.client() ? CLIENT : SERVER], me.unconsumed);
                me.unconsumed = 0;
            }
        }

        List<int[]> eligible(Predicate<Side> ok) {
            List<int[]> out = new ArrayList<>();
            for (Chan c : chans) {
                for (int s = 0; s < 2; s++) {
                    if (c.id[s] >= 0 && !c.side[s].closedEvent && ok.test(c.side[s])) {
                        out.add(new int[] {c.index, s});
                    }
                }
            }
            return out;
        }

        void checkInvariants() {
            assertEquals(List.of(), violations);
            assertTrue(globalReplied[CLIENT] <= globalSent[CLIENT] && globalReplied[SERVER] <= globalSent[SERVER]);
            for (Chan c : chans) {
                for (int s = 0; s < 2; s++) {
                    Side me = c.side[s];
                    Side peer = c.side[1 - s];
                    assertPrefix(peer.sent.toByteArray(), me.received.toByteArray(), c, s);
                    assertPrefix(peer.sentErr.toByteArray(), me.receivedErr.toByteArray(), c, s);
                    assertTrue(me.repliesReceived <= me.repliesExpected, "reply without request");
                    if (quiet() && !c.closedEarly() && c.id[CLIENT] >= 0 && c.id[SERVER] >= 0) {
                        // Nothing in flight: both ends agree on each direction's window.
                        assertEquals(engine(s).localWindow(c.id[s]), engine(1 - s).remoteWindow(c.id[1 - s]),
                                "windows disagree on channel " + c.index);
                    }
                    if (c.id[s] >= 0) {
                        long lw = engine(s).localWindow(c.id[s]);
                        long rw = engine(s).remoteWindow(c.id[s]);
                        assertTrue(lw >= -1 && lw <= ChannelWindow.MAX, "local window " + lw);
                        assertTrue(rw >= -1 && rw <= ChannelWindow.MAX, "remote window " + rw);
                    }
                }
            }
        }

        boolean quiet() {
            return pair.client().pendingTransmit() == 0 && pair.server().pendingTransmit() == 0;
        }

        private static void assertPrefix(byte[] sent, byte[] received, Chan c, int s) {
            assertTrue(received.length <= sent.length, "more received than sent on channel " + c.index);
            assertArrayEquals(Arrays.copyOf(sent, received.length), received,
                    "stream corrupted on channel " + c.index + " side " + s);
        }

        /** Consume everything, EOF every open stream, then close every channel; pump between. */
        void finish() {
            autoConsume = true;
            for (Chan c : chans) {
                for (int s = 0; s < 2; s++) {
                    if (c.id[s] >= 0 && c.side[s].unconsumed > 0 && !c.side[s].closedEvent) {
                        engine(s).consumed(c.id[s], c.side[s].unconsumed);
                        c.side[s].unconsumed = 0;
                    }
                }
            }
            pair.pump();
            for (Chan c : chans) {
                for (int s = 0; s < 2; s++) {
                    if (!c.side[s].closeCalled) {
                        engine(s).sendEof(c.id[s]);
                    }
                }
            }
            pair.pump();
            checkInvariants();
            for (Chan c : chans) {
                if (!c.closedEarly()) {
                    for (int s = 0; s < 2; s++) {
                        assertArrayEquals(c.side[1 - s].sent.toByteArray(), c.side[s].received.toByteArray(),
                                "bytes lost on channel " + c.index);
                        assertArrayEquals(c.side[1 - s].sentErr.toByteArray(), c.side[s].receivedErr.toByteArray(),
                                "stderr bytes lost on channel " + c.index);
                    }
                }
                for (int s = 0; s < 2; s++) {
                    engine(s).close(c.id[s]);
                }
            }
            pair.pump();
            checkInvariants();
            for (Chan c : chans) {
                assertTrue(c.side[CLIENT].closedEvent && c.side[SERVER].closedEvent, "channel " + c.index + " not closed");
            }
            assertEquals(0, pair.client().channelCount());
            assertEquals(0, pair.server().channelCount());
            assertEquals(globalSent[CLIENT], globalReplied[CLIENT], "global replies lost");
            assertEquals(globalSent[SERVER], globalReplied[SERVER], "global replies lost");
        }
    }

    /** Deterministic, position-dependent content so that reordering or duplication shows. */
    static Bytes content(long offset, int len, int salt) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            long x = (offset + i) * 0x9E3779B97F4A7C15L + salt;
            b[i] = (byte) (x ^ (x >>> 29) ^ (x >>> 47));
        }
        return Bytes.wrap(b);
    }

    @Property(tries = 300)
    void channelsNeitherLoseNorDuplicateNorReorderBytes(@ForAll("chains") ActionChain<Model> chain) {
        Model end = chain.withInvariant(Model::checkInvariants).run();
        end.finish();
    }

    @Provide
    Arbitrary<ActionChain<Model>> chains() {
        return ActionChain.<Model>startWith(Model::new)
                .withAction(2, new Open())
                .withAction(5, new Send())
                .withAction(3, new Consume())
                .withAction(1, new Eof())
                .withAction(1, new Close())
                .withAction(2, new Request())
                .withAction(1, new GlobalReq())
                .withAction(5, new Deliver())
                .withAction(1, new SendAhead())
                .withMaxTransformations(60);
    }

    static final class Open implements Action.Dependent<Model> {
        @Override
        public boolean precondition(Model m) {
            return m.chans.size() < 8;
        }

        @Override
        public Arbitrary<Transformer<Model>> transformer(Model m) {
            Arbitrary<Long> windows = Arbitraries.longs().between(1, 5000).edgeCases(e -> e.includeOnly(1L, 5000L));
            Arbitrary<Long> packets = Arbitraries.longs().between(1, 2000);
            return Combinators.combine(windows, packets, windows, packets).as((cw, cp, sw, sp) ->
                    Transformer.mutate("open(client " + cw + "/" + cp + ", server " + sw + "/" + sp + ")", model -> {
                        Chan c = new Chan(model.chans.size(), sw, sp);
                        c.id[CLIENT] = model.pair.client().openChannel("session", Bytes.EMPTY, cw, cp);
                        model.byId.get(CLIENT).put(c.id[CLIENT], c);
                        model.chans.add(c);
                        model.awaitingServer.add(c);
                        model.pair.drainEvents();
                    }));
        }
    }

    static final class Send implements Action.Dependent<Model> {
        @Override
        public boolean precondition(Model m) {
            return !m.eligible(s -> !s.eofCalled && !s.closeCalled).isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Model>> transformer(Model m) {
            List<int[]> ok = m.eligible(s -> !s.eofCalled && !s.closeCalled);
            return Combinators.combine(Arbitraries.of(ok), Arbitraries.integers().between(0, 6000), Arbitraries.of(false, false, true))
                    .as((cs, len, err) -> Transformer.mutate("send(" + cs[0] + ", " + side(cs[1]) + ", " + len + (err ? ", stderr" : "") + ")", model -> {
                        Chan c = model.chans.get(cs[0]);
                        Side me = c.side[cs[1]];
                        ByteArrayOutputStream stream = err ? me.sentErr : me.sent;
                        Bytes data = content(stream.size(), len, cs[0] * 2 + (err ? 1 : 0));
                        ConnectionEngine e = model.engine(cs[1]);
                        int n = err ? e.sendExtendedData(c.id[cs[1]], 1, data) : e.sendData(c.id[cs[1]], data);
                        assertTrue(n >= 0 && n <= len);
                        stream.writeBytes(data.slice(0, n).toArray());
                        model.pair.drainEvents();
                    }));
        }
    }

    static final class Consume implements Action.Dependent<Model> {
        @Override
        public boolean precondition(Model m) {
            return !m.eligible(s -> s.unconsumed > 0).isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Model>> transformer(Model m) {
            return Combinators.combine(Arbitraries.of(m.eligible(s -> s.unconsumed > 0)), Arbitraries.integers().between(1, 4))
                    .as((cs, quarters) -> Transformer.mutate("consume(" + cs[0] + ", " + side(cs[1]) + ", " + quarters + "/4)", model -> {
                        Chan c = model.chans.get(cs[0]);
                        Side me = c.side[cs[1]];
                        long n = Math.max(1, me.unconsumed * quarters / 4);
                        model.engine(cs[1]).consumed(c.id[cs[1]], n);
                        me.unconsumed -= n;
                        model.pair.drainEvents();
                    }));
        }
    }

    static final class Eof implements Action.Dependent<Model> {
        @Override
        public boolean precondition(Model m) {
            return !m.eligible(s -> !s.eofCalled && !s.closeCalled).isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Model>> transformer(Model m) {
            return Arbitraries.of(m.eligible(s -> !s.eofCalled && !s.closeCalled))
                    .map(cs -> Transformer.mutate("eof(" + cs[0] + ", " + side(cs[1]) + ")", model -> {
                        Chan c = model.chans.get(cs[0]);
                        c.side[cs[1]].eofCalled = true;
                        model.engine(cs[1]).sendEof(c.id[cs[1]]);
                        model.pair.drainEvents();
                    }));
        }
    }

    static final class Close implements Action.Dependent<Model> {
        @Override
        public boolean precondition(Model m) {
            return !m.eligible(s -> !s.closeCalled).isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Model>> transformer(Model m) {
            return Combinators.combine(Arbitraries.of(m.eligible(s -> !s.closeCalled)), Arbitraries.of(false, false, true))
                    .as((cs, abort) -> Transformer.mutate((abort ? "abort(" : "close(") + cs[0] + ", " + side(cs[1]) + ")", model -> {
                        Chan c = model.chans.get(cs[0]);
                        c.side[cs[1]].closeCalled = true;
                        if (abort) {
                            model.engine(cs[1]).abort(c.id[cs[1]]);
                        } else {
                            model.engine(cs[1]).close(c.id[cs[1]]);
                        }
                        model.pair.drainEvents();
                    }));
        }
    }

    static final class Request implements Action.Dependent<Model> {
        @Override
        public boolean precondition(Model m) {
            return !m.eligible(s -> !s.closeCalled).isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Model>> transformer(Model m) {
            return Combinators.combine(Arbitraries.of(m.eligible(s -> !s.closeCalled)), Arbitraries.of(true, false))
                    .as((cs, wantReply) -> Transformer.mutate("request(" + cs[0] + ", " + side(cs[1]) + ", want-reply " + wantReply + ")", model -> {
                        Chan c = model.chans.get(cs[0]);
                        if (wantReply) {
                            c.side[cs[1]].repliesExpected++;
                        }
                        model.engine(cs[1]).sendChannelRequest(c.id[cs[1]], new ChannelRequestBody.Env("K", "V"), wantReply);
                        model.pair.drainEvents();
                    }));
        }
    }

    static final class GlobalReq implements Action.Independent<Model> {
        @Override
        public Arbitrary<Transformer<Model>> transformer() {
            return Combinators.combine(Arbitraries.of(CLIENT, SERVER), Arbitraries.of(true, false))
                    .as((s, wantReply) -> Transformer.mutate("global(" + side(s) + ", want-reply " + wantReply + ")", model -> {
                        // with want-reply the data is the request's number, which the reply echoes
                        Bytes data = wantReply ? Bytes.utf8(Integer.toString(model.globalSent[s]++)) : Bytes.EMPTY;
                        model.engine(s).sendGlobalRequest("test@sshwire.org", wantReply, data);
                        model.pair.drainEvents();
                    }));
        }
    }

    /** A send-ahead limit (ConnectionEngine#sendAheadLimit) must never stop a stream for good. */
    static final class SendAhead implements Action.Independent<Model> {
        @Override
        public Arbitrary<Transformer<Model>> transformer() {
            return Combinators.combine(Arbitraries.of(CLIENT, SERVER), Arbitraries.longs().between(1, 6000))
                    .as((s, limit) -> Transformer.mutate("sendAhead(" + side(s) + ", " + limit + ")", model -> {
                        model.engine(s).sendAheadLimit(limit);
                        model.pair.drainEvents();
                    }));
        }
    }

    static final class Deliver implements Action.Independent<Model> {
        @Override
        public Arbitrary<Transformer<Model>> transformer() {
            return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(1, 6))
                    .as((fromClient, k) -> Transformer.mutate("deliver(" + (fromClient ? "client→server" : "server→client") + ", " + k + ")",
                            model -> model.pair.deliver(fromClient, k)));
        }
    }

    static String side(int s) {
        return s == CLIENT ? "client" : "server";
    }
}
