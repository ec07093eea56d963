package org.sshwire.connection.message;

import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** SSH_MSG_CHANNEL_SUCCESS (RFC 4254 §5.4): {@code uint32 recipient channel}. Replies to a channel request with want-reply set. */
public record ChannelSuccess(long recipientChannel) implements ChannelMessage {
    public ChannelSuccess {
        Uint32.check(recipientChannel, "recipient channel");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_SUCCESS;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel);
    }

    static ChannelSuccess decode(SshReader r) {
        return new ChannelSuccess(r.readUint32());
    }
}
