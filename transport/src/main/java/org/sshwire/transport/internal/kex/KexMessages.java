package org.sshwire.transport.internal.kex;

import org.sshwire.transport.TransportException;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;

final class KexMessages {
    private KexMessages() {
    }

    static TransportException unexpected(KexAlgorithm alg, Payload m) {
        return new TransportException(DisconnectReason.PROTOCOL_ERROR,
                "unexpected message " + m.msgId() + " during " + alg.name() + " key exchange");
    }
}
