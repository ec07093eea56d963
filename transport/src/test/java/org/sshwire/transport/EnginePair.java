package org.sshwire.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A client and a server engine wired back to back in memory, for tests: {@link #pump} moves
 * bytes both ways until neither side has anything to send, and collects events.
 */
final class EnginePair {
    final TransportEngine client;
    final TransportEngine server;
    final List<TransportEvent> clientEvents = new ArrayList<>();
    final List<TransportEvent> serverEvents = new ArrayList<>();
    boolean autoAcceptHostKey = true;

    EnginePair(TransportConfig clientConfig, TransportConfig serverConfig) {
        this(new TransportEngine(clientConfig), new TransportEngine(serverConfig));
    }

    EnginePair(TransportEngine client, TransportEngine server) {
        this.client = client;
        this.server = server;
    }

    /** Moves bytes until quiet; bounded so a livelock fails the test instead of hanging it. */
    void pump() {
        for (int round = 0; round < 10_000; round++) {
            boolean moved = move(client, server) | move(server, client);
            drain(client, clientEvents, true);
            drain(server, serverEvents, false);
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("engines never went quiet");
    }

    private static boolean move(TransportEngine from, TransportEngine to) {
        boolean moved = false;
        for (ByteBuffer b; (b = from.pollTransmit()) != null; ) {
            to.receive(b);
            moved = true;
        }
        return moved;
    }

    private void drain(TransportEngine e, List<TransportEvent> into, boolean isClient) {
        for (TransportEvent ev; (ev = e.pollEvent()) != null; ) {
            into.add(ev);
            if (isClient && autoAcceptHostKey && ev instanceof TransportEvent.HostKeyToVerify) {
                e.acceptHostKey();
            }
        }
    }

    <T extends TransportEvent> List<T> clientEvents(Class<T> type) {
        return clientEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends TransportEvent> List<T> serverEvents(Class<T> type) {
        return serverEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
