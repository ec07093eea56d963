package org.sshwire.connection.engine;

import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.transport.wire.MessageNumbers;

/** Names messages in diagnostics. */
final class MessageName {
    private MessageName() {
    }

    static String of(ConnectionMessage m) {
        return MessageNumbers.name(m.msgId());
    }
}
