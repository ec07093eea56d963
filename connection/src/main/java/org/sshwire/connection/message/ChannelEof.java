package org.sshwire.connection.message;

import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** SSH_MSG_CHANNEL_EOF (RFC 4254 §5.3): {@code uint32 recipient channel}. The sender will send no more data on this channel. */
public record ChannelEof(long recipientChannel) implements ChannelMessage {
    public ChannelEof {
        Uint32.check(recipientChannel, "recipient channel");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_EOF;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel);
    }

    static ChannelEof decode(SshReader r) {
        return new ChannelEof(r.readUint32());
    }
}
