package org.sshwire.connection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.connection.research.SshMessages;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;

/**
 * What {@link SshClientEngine} and {@link SshServerEngine} share: a transport below, the channel
 * engine above, and the loop that moves payloads and events between them until nothing more
 * moves. Each role adds only its authentication.
 */
abstract class LayeredEngine implements SshEngine {
    final TransportEngine transport;
    final ConnectionEngine connection;
    final ArrayDeque<SshEvent> events = new ArrayDeque<>(4); // grows on demand; idle connections keep it

    LayeredEngine(TransportConfig transportConfig, ConnectionConfig connectionConfig, boolean client) {
        this(transportConfig, connectionConfig, client, org.sshwire.transport.ConnectionInfo.opening(0, null, null),
                org.sshwire.transport.research.ConnectionHooks.NONE);
    }

    /** With research hooks (DESIGN §5): message observers decode with {@link SshMessages} unless told otherwise. */
    LayeredEngine(TransportConfig transportConfig, ConnectionConfig connectionConfig, boolean client,
                  org.sshwire.transport.ConnectionInfo opening, org.sshwire.transport.research.ConnectionHooks hooks) {
        if (transportConfig.isClient() != client) {
            throw new IllegalArgumentException("a " + (client ? "client" : "server") + " engine needs a "
                    + (client ? "client" : "server") + " transport configuration");
        }
        this.transport = new TransportEngine(transportConfig, opening, hooks.withDefaultDecoder(SshMessages::decoder));
        this.connection = new ConnectionEngine(connectionConfig);
        this.connection.transmitGate(transport::isQueueing);
        this.connection.channelDataSink(this::sendChannelDataNow);
    }

    /**
     * The channel engine's bulk data, framed by the transport straight from the writer's array
     * (see {@link org.sshwire.connection.engine.ChannelDataSink}). What the channel engine queued
     * before goes to the transport first, so the wire order is the engine's order.
     */
    private boolean sendChannelDataNow(long recipient, java.nio.ByteBuffer data, int off, int len) {
        if (transport.isClosed() || transport.isQueueing()) {
            return false;
        }
        for (org.sshwire.transport.wire.Payload p; !transport.isClosed() && (p = connection.pollTransmit()) != null; ) {
            transport.send(p); // a hook may end the connection in any send (DESIGN §5)
        }
        return transport.sendChannelData(recipient, data, off, len);
    }

    /** Handles one transport event; events the application should see go into {@link #events}. */
    abstract void onTransportEvent(TransportEvent e);

    /** Drains the authenticator's events; true if anything moved. */
    abstract boolean drainAuth();

    /** The authenticator's deadline, in the engines' convention (MAX_VALUE when none). */
    abstract long authDeadlineNanos();

    abstract void authDeadline(long nowNanos);

    /** Routes a payload after the auth layer: before success, and 50–79 always, go to auth. */
    void route(TransportEvent.PayloadReceived p, boolean authenticated, java.util.function.Consumer<TransportEvent.PayloadReceived> auth) {
        if (!authenticated || p.payload().msgId() < 80) {
            auth.accept(p);
        } else {
            LayerRouter.toConnection(transport, connection, p);
        }
    }

    @Override
    public void receive(ByteBuffer bytesFromPeer) {
        transport.receive(bytesFromPeer);
        step();
    }

    @Override
    public void receiveEof() {
        transport.receiveEof();
        step();
    }

    @Override
    public ByteBuffer pollTransmit() {
        step();
        return transport.pollTransmit();
    }

    @Override
    public SshEvent pollEvent() {
        step();
        return events.poll();
    }

    @Override
    public long nextDeadlineNanos() {
        return LayerRouter.earliest(transport.nextDeadlineNanos(), authDeadlineNanos());
    }

    @Override
    public void onDeadline(long nowNanos) {
        transport.onDeadline(nowNanos);
        authDeadline(nowNanos);
        step();
    }

    @Override
    public TransportEngine transport() {
        return transport;
    }

    @Override
    public ConnectionEngine connection() {
        return connection;
    }

    @Override
    public boolean isClosed() {
        return transport.isClosed();
    }

    /** Moves payloads and events between the layers until nothing more moves. */
    final void step() {
        boolean moved = true;
        while (moved) {
            // Causal order: auth events produced by a command (say, an answered prompt that led to
            // failure) precede the transport events that followed from them (its DISCONNECT).
            moved = drainAuth();
            for (TransportEvent e; (e = transport.pollEvent()) != null; moved = true) {
                onTransportEvent(e);
                drainAuth(); // likewise for what authentication concluded from this payload
            }
            moved |= LayerRouter.drainConnection(transport, connection, events);
        }
    }
}
