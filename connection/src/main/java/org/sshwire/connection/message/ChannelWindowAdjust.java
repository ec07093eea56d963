package org.sshwire.connection.message;

import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_CHANNEL_WINDOW_ADJUST (RFC 4254 §5.2): {@code uint32 recipient channel,
 * uint32 bytes to add}.
 */
public record ChannelWindowAdjust(long recipientChannel, long bytesToAdd) implements ChannelMessage {
    public ChannelWindowAdjust {
        Uint32.check(recipientChannel, "recipient channel");
        Uint32.check(bytesToAdd, "bytes to add");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_WINDOW_ADJUST;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel).writeUint32(bytesToAdd);
    }

    static ChannelWindowAdjust decode(SshReader r) {
        return new ChannelWindowAdjust(r.readUint32(), r.readUint32());
    }
}
