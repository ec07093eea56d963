package org.sshwire.connection.message;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_CHANNEL_OPEN_CONFIRMATION (RFC 4254 §5.1): {@code uint32 recipient channel,
 * uint32 sender channel, uint32 initial window size, uint32 maximum packet size,
 * ....channel type specific data}.
 */
public record ChannelOpenConfirmation(long recipientChannel, long senderChannel, long initialWindowSize,
        long maximumPacketSize, Bytes typeData) implements ChannelMessage {
    public ChannelOpenConfirmation {
        if (typeData == null) {
            throw new NullPointerException("typeData");
        }
        Uint32.check(recipientChannel, "recipient channel");
        Uint32.check(senderChannel, "sender channel");
        Uint32.check(initialWindowSize, "initial window size");
        Uint32.check(maximumPacketSize, "maximum packet size");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_OPEN_CONFIRMATION;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel).writeUint32(senderChannel).writeUint32(initialWindowSize)
                .writeUint32(maximumPacketSize).writeRaw(typeData);
    }

    static ChannelOpenConfirmation decode(SshReader r) {
        return new ChannelOpenConfirmation(r.readUint32(), r.readUint32(), r.readUint32(), r.readUint32(), r.readRest());
    }
}
