package org.sshwire.connection;

import java.util.ArrayDeque;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;

/**
 * What both composed engines share: moving the channel engine's output into the transport,
 * turning its protocol errors into a DISCONNECT, and merging deadlines.
 */
final class LayerRouter {
    private LayerRouter() {
    }

    /** Hands a post-authentication payload (80 and up) to the channel engine. */
    static void toConnection(TransportEngine transport, ConnectionEngine connection, TransportEvent.PayloadReceived p) {
        if (!connection.receive(p.payload()) && !transport.isClosed()) {
            // RFC 4253 §11.4: unassigned numbers are answered with their sequence number.
            transport.send(new Payload(MessageNumbers.SSH_MSG_UNIMPLEMENTED, new SshWriter().writeUint32(p.sequence()).toBytes()));
        }
    }

    /** Drains the channel engine; true if anything moved. */
    static boolean drainConnection(TransportEngine transport, ConnectionEngine connection, ArrayDeque<SshEvent> events) {
        boolean moved = false;
        if (!transport.isClosed()) {
            connection.transportReady(); // channel data held during a key exchange moves on
            // A hook may end the connection inside any send (DESIGN §5): then the rest stays unsent.
            for (Payload out; !transport.isClosed() && (out = connection.pollTransmit()) != null; moved = true) {
                transport.send(out);
            }
        }
        for (ConnectionEvent e; (e = connection.pollEvent()) != null; moved = true) {
            if (e instanceof ConnectionEvent.ProtocolError err) {
                transport.disconnect(err.reason(), err.description());
            }
            events.add(new SshEvent.Connection(e));
        }
        return moved;
    }

    /**
     * The earlier of two deadlines in the engines' convention: {@link Long#MIN_VALUE} means "now,
     * to learn the time", {@link Long#MAX_VALUE} means none.
     */
    static long earliest(long a, long b) {
        if (a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        if (a == Long.MAX_VALUE) {
            return b;
        }
        if (b == Long.MAX_VALUE) {
            return a;
        }
        return a - b <= 0 ? a : b; // nanoTime values compare by difference
    }
}
