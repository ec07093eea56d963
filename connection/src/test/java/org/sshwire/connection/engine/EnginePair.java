package org.sshwire.connection.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.sshwire.transport.wire.Payload;

/**
 * A client and a server engine wired payload to payload, in memory. Events go to a handler per
 * side, which may answer them at once (as a driver would after draining events).
 */
final class EnginePair {
    final ConnectionEngine client;
    final ConnectionEngine server;
    final List<ConnectionEvent> clientEvents = new ArrayList<>();
    final List<ConnectionEvent> serverEvents = new ArrayList<>();
    final List<Payload> clientToServer = new ArrayList<>();
    final List<Payload> serverToClient = new ArrayList<>();
    BiConsumer<ConnectionEngine, ConnectionEvent> onClientEvent = (e, ev) -> { };
    BiConsumer<ConnectionEngine, ConnectionEvent> onServerEvent = (e, ev) -> { };

    EnginePair(ConnectionConfig clientConfig, ConnectionConfig serverConfig) {
        this.client = new ConnectionEngine(clientConfig);
        this.server = new ConnectionEngine(serverConfig);
    }

    EnginePair() {
        this(ConnectionConfig.client(), ConnectionConfig.server());
    }

    /** Delivers up to {@code max} payloads from {@code from} to its peer; returns how many. */
    int deliver(boolean fromClient, int max) {
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
    void drainEvents() {
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
    void pump() {
        drainEvents();
        while (deliver(true, Integer.MAX_VALUE) + deliver(false, Integer.MAX_VALUE) > 0) {
            drainEvents();
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends ConnectionEvent> List<T> of(List<ConnectionEvent> events, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ConnectionEvent e : events) {
            if (type.isInstance(e)) {
                out.add((T) e);
            }
        }
        return out;
    }
}
