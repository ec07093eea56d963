package org.sshwire.connection.message;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_GLOBAL_REQUEST (RFC 4254 §4): {@code string request name, boolean want reply,
 * ....request-specific data}.
 *
 * <pre>{@code
 * new GlobalRequest("keepalive@openssh.com", true, Bytes.EMPTY).toPayload();
 * }</pre>
 *
 * @param requestName the request name, e.g. {@code tcpip-forward}
 * @param wantReply   whether the peer must answer with REQUEST_SUCCESS or REQUEST_FAILURE
 * @param data        the request-specific data, decoded by {@link GlobalRequestBody}
 */
public record GlobalRequest(String requestName, boolean wantReply, Bytes data) implements ConnectionMessage {
    public GlobalRequest {
        if (requestName == null || data == null) {
            throw new NullPointerException();
        }
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_GLOBAL_REQUEST;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUtf8(requestName).writeBoolean(wantReply).writeRaw(data);
    }

    static GlobalRequest decode(SshReader r) {
        return new GlobalRequest(r.readUtf8(), r.readBoolean(), r.readRest());
    }
}
