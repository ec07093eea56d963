package org.sshwire.connection.message;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_REQUEST_SUCCESS (RFC 4254 §4): {@code ....response specific data}, e.g. the bound port
 * ({@code uint32}) when {@code tcpip-forward} asked for port 0 (RFC 4254 §7.1).
 *
 * @param data the response-specific data, possibly empty
 */
public record RequestSuccess(Bytes data) implements ConnectionMessage {
    public RequestSuccess {
        if (data == null) {
            throw new NullPointerException("data");
        }
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_REQUEST_SUCCESS;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeRaw(data);
    }

    static RequestSuccess decode(SshReader r) {
        return new RequestSuccess(r.readRest());
    }
}
