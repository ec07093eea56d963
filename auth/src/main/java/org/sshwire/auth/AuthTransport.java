package org.sshwire.auth;

import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.wire.Bytes;
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

    /**
     * The server's host key blob from the first key exchange (K_S), which
     * {@code publickey-hostbound-v00@openssh.com} binds a signature to (OpenSSH PROTOCOL §2.5);
     * null when unknown, and then neither side uses that method.
     */
    default Bytes hostKey() {
        return null;
    }

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

            @Override
            public Bytes hostKey() {
                return engine.connectionInfo() == null ? null : engine.connectionInfo().hostKey();
            }
        };
    }
}
