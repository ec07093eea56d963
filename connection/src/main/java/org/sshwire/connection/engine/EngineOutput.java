package org.sshwire.connection.engine;

import java.util.ArrayDeque;
import org.sshwire.transport.wire.Payload;

/** The payloads to send and the events to report, shared by the engine's parts. */
final class EngineOutput {
    final ArrayDeque<Payload> transmit = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    ConnectionEvent.ProtocolError failure;

    void send(Payload p) {
        transmit.add(p);
    }

    void event(ConnectionEvent e) {
        events.add(e);
    }

    /** A peer violation: thrown by handlers, turned into {@link ConnectionEvent.ProtocolError}. */
    static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message, null, false, false);
        }
    }
}
