package org.sshwire.connection.message;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_CHANNEL_REQUEST (RFC 4254 §5.4): {@code uint32 recipient channel, string request type,
 * boolean want reply, ....type-specific data}.
 *
 * <pre>{@code
 * ChannelRequestBody body = new ChannelRequestBody.Exec(Bytes.utf8("ls"));
 * new ChannelRequest(7, body.requestType(), true, body.toBytes()).toPayload();
 * }</pre>
 *
 * @param typeData the request-specific data, decoded by {@link ChannelRequestBody#decode}
 */
public record ChannelRequest(long recipientChannel, String requestType, boolean wantReply, Bytes typeData)
        implements ChannelMessage {
    public ChannelRequest {
        if (requestType == null || typeData == null) {
            throw new NullPointerException();
        }
        Uint32.check(recipientChannel, "recipient channel");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_REQUEST;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel).writeUtf8(requestType).writeBoolean(wantReply).writeRaw(typeData);
    }

    static ChannelRequest decode(SshReader r) {
        return new ChannelRequest(r.readUint32(), r.readUtf8(), r.readBoolean(), r.readRest());
    }
}
