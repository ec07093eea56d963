package org.sshwire.transport.internal.kex;

import java.util.List;
import org.sshwire.transport.wire.Payload;

/**
 * One run of one key exchange method on one side, as a message-driven state machine: the
 * transport feeds it the method-specific messages (numbers 30–49) and sends what it returns.
 */
public interface KeyExchange {
    /** Messages to send when the exchange begins (empty for the side that waits). */
    List<Payload> start();

    /**
     * Handles one message of the method.
     *
     * @return messages to send in reply
     * @throws org.sshwire.transport.TransportException for a message out of place or invalid values
     */
    List<Payload> receive(Payload message);

    /** The result once the exchange is complete, else null. */
    KexResult result();

    /**
     * Research only (DESIGN §5 key log): this side's ephemeral private key as Wireshark's SSH key
     * log expects it (X25519 scalar, or the DH exponent), or null when Wireshark cannot use one
     * for this method.
     */
    default byte[] keyLogPrivateKey() {
        return null;
    }
}
