package org.sshwire.connection.message;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** SSH_MSG_CHANNEL_DATA (RFC 4254 §5.2): {@code uint32 recipient channel, string data}. */
public record ChannelData(long recipientChannel, Bytes data) implements ChannelMessage {
    public ChannelData {
        if (data == null) {
            throw new NullPointerException("data");
        }
        Uint32.check(recipientChannel, "recipient channel");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_DATA;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel).writeString(data);
    }

    static ChannelData decode(SshReader r) {
        return new ChannelData(r.readUint32(), r.readString());
    }
}
