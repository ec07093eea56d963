package org.sshwire.connection.message;

import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** SSH_MSG_CHANNEL_CLOSE (RFC 4254 §5.3): {@code uint32 recipient channel}. Each side sends it once; the channel is gone when both have. */
public record ChannelClose(long recipientChannel) implements ChannelMessage {
    public ChannelClose {
        Uint32.check(recipientChannel, "recipient channel");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_CLOSE;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel);
    }

    static ChannelClose decode(SshReader r) {
        return new ChannelClose(r.readUint32());
    }
}
