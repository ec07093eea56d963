package org.sshwire.transport.research;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.Payload;

/**
 * A client and a server {@link TransportEngine} wired back to back in memory, with a
 * {@link FakeClock} (DESIGN §5; unstable API): {@link #pump()} moves bytes both ways, gives each
 * engine the time it asks for and collects events, until neither has anything to do. No
 * threads, no sockets, no wall clock: every run is the same run. Install research hooks and
 * policies on either engine to watch or bend the protocol; {@link #of} also records the payloads
 * each side received.
 *
 * <pre>{@code
 * EnginePair p = EnginePair.of(TransportConfig.client().build(), ConnectionHooks.NONE,
 *         TransportConfig.server(List.of(hostKey)).build(), ConnectionHooks.NONE);
 * p.pump();                                   // identification, key exchange, host key accepted
 * p.client().requestService("ssh-userauth");
 * p.pump();
 * p.clientEvents(TransportEvent.ServiceAccepted.class);   // one event
 * p.advance(Duration.ofHours(1));             // rekey by time fires
 * }</pre>
 */
public final class EnginePair {
    /** Bound on pump rounds, so that a livelock fails instead of hanging. */
    private static final int MAX_ROUNDS = 10_000;

    private final TransportEngine client;
    private final TransportEngine server;
    private final FakeClock clock = new FakeClock();
    private final List<TransportEvent> clientEvents = new ArrayList<>();
    private final List<TransportEvent> serverEvents = new ArrayList<>();
    /** Null for pairs made by the caller's engines. */
    private final List<Payload> receivedByClient;
    private final List<Payload> receivedByServer;
    private boolean autoAcceptHostKey = true;

    /** Two engines made from these configurations, without hooks. */
    public EnginePair(TransportConfig clientConfig, TransportConfig serverConfig) {
        this(new TransportEngine(clientConfig), new TransportEngine(serverConfig));
    }

    /** Two engines the caller made (with whatever hooks and policies); received payloads are not recorded. */
    public EnginePair(TransportEngine client, TransportEngine server) {
        this(client, server, null, null);
    }

    private EnginePair(TransportEngine client, TransportEngine server, List<Payload> toClient, List<Payload> toServer) {
        this.client = client;
        this.server = server;
        this.receivedByClient = toClient;
        this.receivedByServer = toServer;
    }

    /**
     * Engines with these hooks (connection ids 1 and 2), and a payload observer on each that
     * records what it received: {@link #receivedByClient()}, {@link #receivedByServer()}.
     */
    public static EnginePair of(TransportConfig clientConfig, ConnectionHooks clientHooks,
                                TransportConfig serverConfig, ConnectionHooks serverHooks) {
        List<Payload> toClient = new ArrayList<>();
        List<Payload> toServer = new ArrayList<>();
        return new EnginePair(
                new TransportEngine(clientConfig, ConnectionInfo.opening(1, null, null), recording(clientHooks, toClient)),
                new TransportEngine(serverConfig, ConnectionInfo.opening(2, null, null), recording(serverHooks, toServer)),
                toClient, toServer);
    }

    private static ConnectionHooks recording(ConnectionHooks h, List<Payload> into) {
        return h.and(ConnectionHooks.builder().payloadObserver((c, d, seq, p) -> {
            if (d == Direction.INBOUND) {
                into.add(p);
            }
        }).build());
    }

    public TransportEngine client() {
        return client;
    }

    public TransportEngine server() {
        return server;
    }

    public FakeClock clock() {
        return clock;
    }

    /** Whether the client accepts any host key when asked (default true); false leaves the question to the test. */
    public EnginePair autoAcceptHostKey(boolean accept) {
        autoAcceptHostKey = accept;
        return this;
    }

    /** Moves bytes, time and events until both engines are quiet. */
    public EnginePair pump() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = tick(client) | tick(server);
            moved |= move(client, server) | move(server, client);
            moved |= drain(client, clientEvents, true) | drain(server, serverEvents, false);
            if (!moved) {
                return this;
            }
        }
        throw new IllegalStateException("engines never went quiet in " + MAX_ROUNDS + " rounds");
    }

    /** Moves the clock forward, then {@link #pump()}s: timers due by then fire. */
    public EnginePair advance(Duration d) {
        clock.advance(d);
        return pump();
    }

    /** Gives {@code e} the time when it asks for it or a deadline has come. */
    private boolean tick(TransportEngine e) {
        long due = e.nextDeadlineNanos();
        if (due == Long.MAX_VALUE || due != Long.MIN_VALUE && clock.nanos() - due < 0) {
            return false;
        }
        e.onDeadline(clock.nanos());
        return true;
    }

    private static boolean move(TransportEngine from, TransportEngine to) {
        boolean moved = false;
        for (ByteBuffer b; (b = from.pollTransmit()) != null; ) {
            to.receive(b);
            moved = true;
        }
        return moved;
    }

    private boolean drain(TransportEngine e, List<TransportEvent> into, boolean isClient) {
        boolean moved = false;
        for (TransportEvent ev; (ev = e.pollEvent()) != null; ) {
            moved = true;
            into.add(ev);
            if (isClient && autoAcceptHostKey && ev instanceof TransportEvent.HostKeyToVerify) {
                e.acceptHostKey();
            }
        }
        return moved;
    }

    /** Every event the client engine produced so far (live view). */
    public List<TransportEvent> clientEvents() {
        return Collections.unmodifiableList(clientEvents);
    }

    public List<TransportEvent> serverEvents() {
        return Collections.unmodifiableList(serverEvents);
    }

    public <T extends TransportEvent> List<T> clientEvents(Class<T> type) {
        return clientEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends TransportEvent> List<T> serverEvents(Class<T> type) {
        return serverEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Payloads the client received, in order (only for pairs made with {@link #of}; else empty). */
    public List<Payload> receivedByClient() {
        return receivedByClient == null ? List.of() : Collections.unmodifiableList(receivedByClient);
    }

    /** Payloads the server received, in order (only for pairs made with {@link #of}; else empty). */
    public List<Payload> receivedByServer() {
        return receivedByServer == null ? List.of() : Collections.unmodifiableList(receivedByServer);
    }
}
