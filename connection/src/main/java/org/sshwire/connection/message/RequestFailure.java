package org.sshwire.connection.message;

import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** SSH_MSG_REQUEST_FAILURE (RFC 4254 §4): no body. */
public record RequestFailure() implements ConnectionMessage {
    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_REQUEST_FAILURE;
    }

    @Override
    public void encode(SshWriter w) {
        // RFC 4254 §4: the message number alone.
    }

    static RequestFailure decode(SshReader r) {
        return new RequestFailure();
    }
}
