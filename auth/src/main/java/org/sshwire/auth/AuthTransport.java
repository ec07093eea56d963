package org.sshwire.auth;

import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;

/**
 * Where an authenticator puts what it produces: payloads to send and a disconnect. Usually the
 * {@link TransportEngine} itself ({@link #of}); tests may collect into lists.
 *
 * <pre>{@code
 * ServerAuthenticator auth = new ServerAuthenticator(config, AuthTransport.of(engine), sessionId, clientAddress);
 * }</pre>
 */
public interface AuthTransport {
    void send(Payload p);

    void disconnect(DisconnectReason reason, String description);

    /** Sends through and disconnects {@code engine}. */
    static AuthTransport of(TransportEngine engine) {
        return new AuthTransport() {
            @Override
            public void send(Payload p) {
                if (!engine.isClosed()) {
                    engine.send(p);
                }
            }

            @Override
            public void disconnect(DisconnectReason reason, String description) {
                engine.disconnect(reason, description);
            }
        };
    }
}
