package org.sshwire.connection.research;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.transport.wire.Payload;

/**
 * Two channel engines (RFC 4254) wired payload to payload in memory, for tests and experiments
 * on the connection protocol without a transport below (DESIGN §5; unstable API): the
 * connection-protocol counterpart of {@link org.sshwire.transport.research.EnginePair}. Events go
 * to a handler per side, which may answer them at once, as a driver would after draining events;
 * every payload delivered is recorded, and delivery can be stepped a few payloads at a time to
 * reach a chosen state.
 *
 * <pre>{@code
 * ChannelEnginePair pair = new ChannelEnginePair(ConnectionConfig.client(), ConnectionConfig.server());
 * pair.onServerEvent((server, e) -> {
 *     if (e instanceof ConnectionEvent.ChannelOpenRequested r) server.acceptChannel(r.channel());
 * });
 * long id = pair.client().openSession();
 * pair.pump();
 * ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.ChannelOpened.class);   // one event
 * }</pre>
 */
public final class ChannelEnginePair {
    private final ConnectionEngine client;
    private final ConnectionEngine server;
    private final List<ConnectionEvent> clientEvents = new ArrayList<>();
    private final List<ConnectionEvent> serverEvents = new ArrayList<>();
    private final List<Payload> clientToServer = new ArrayList<>();
    private final List<Payload> serverToClient = new ArrayList<>();
    private BiConsumer<ConnectionEngine, ConnectionEvent> onClientEvent = (e, ev) -> { };
    private BiConsumer<ConnectionEngine, ConnectionEvent> onServerEvent = (e, ev) -> { };

    public ChannelEnginePair(ConnectionConfig clientConfig, ConnectionConfig serverConfig) {
        this.client = new ConnectionEngine(clientConfig);
        this.server = new ConnectionEngine(serverConfig);
    }

    /** Default client and server configurations. */
    public ChannelEnginePair() {
        this(ConnectionConfig.client(), ConnectionConfig.server());
    }

    public ConnectionEngine client() {
        return client;
    }

    public ConnectionEngine server() {
        return server;
    }

    /** Who handles the client's events (default: nobody); it may call the engine back. */
    public ChannelEnginePair onClientEvent(BiConsumer<ConnectionEngine, ConnectionEvent> handler) {
        onClientEvent = Objects.requireNonNull(handler);
        return this;
    }

    /** Who handles the server's events (default: nobody); it may call the engine back. */
    public ChannelEnginePair onServerEvent(BiConsumer<ConnectionEngine, ConnectionEvent> handler) {
        onServerEvent = Objects.requireNonNull(handler);
        return this;
    }

    /** Every event of the client so far (live view). */
    public List<ConnectionEvent> clientEvents() {
        return Collections.unmodifiableList(clientEvents);
    }

    public List<ConnectionEvent> serverEvents() {
        return Collections.unmodifiableList(serverEvents);
    }

    /** Every payload delivered from client to server so far (live view). */
    public List<Payload> clientToServer() {
        return Collections.unmodifiableList(clientToServer);
    }

    public List<Payload> serverToClient() {
        return Collections.unmodifiableList(serverToClient);
    }

    /** Delivers up to {@code max} payloads from one side to its peer; returns how many. */
    public int deliver(boolean fromClient, int max) {
        ConnectionEngine src = fromClient ? client : server;
        ConnectionEngine dst = fromClient ? server : client;
        int n = 0;
        Payload p;
        while (n < max && (p = src.pollTransmit()) != null) {
            (fromClient ? clientToServer : serverToClient).add(p);
            dst.receive(p);
            n++;
            drainEvents();
        }
        return n;
    }

    /** Drains events of both sides into their handlers (which may produce more payloads). */
    public void drainEvents() {
        boolean any = true;
        while (any) {
            any = false;
            ConnectionEvent e;
            while ((e = client.pollEvent()) != null) {
                clientEvents.add(e);
                onClientEvent.accept(client, e);
                any = true;
            }
            while ((e = server.pollEvent()) != null) {
                serverEvents.add(e);
                onServerEvent.accept(server, e);
                any = true;
            }
        }
    }

    /** Runs until neither side has anything to send. */
    public ChannelEnginePair pump() {
        drainEvents();
        while (deliver(true, Integer.MAX_VALUE) + deliver(false, Integer.MAX_VALUE) > 0) {
            drainEvents();
        }
        return this;
    }

    /** The events of {@code type} in {@code events}, in order. */
    public static <T extends ConnectionEvent> List<T> of(List<ConnectionEvent> events, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ConnectionEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}
