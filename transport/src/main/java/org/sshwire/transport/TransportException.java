package org.sshwire.transport;

import org.sshwire.transport.wire.DisconnectReason;

/**
 * A violation of the transport protocol by the peer, or a failure that must end the connection:
 * the connection is closed with {@link #reason()} (RFC 4253 §11.1) and the message in the
 * DISCONNECT says why.
 */
public class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DisconnectReason reason;

    public TransportException(DisconnectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TransportException(DisconnectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DisconnectReason reason() {
        return reason;
    }
}
