package org.sshwire.connection.message;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_CHANNEL_OPEN (RFC 4254 §5.1): {@code string channel type, uint32 sender channel,
 * uint32 initial window size, uint32 maximum packet size, ....channel type specific data}.
 *
 * <pre>{@code
 * new ChannelOpen("session", 0, 2 * 1024 * 1024, 32768, Bytes.EMPTY).toPayload();
 * }</pre>
 *
 * @param channelType       e.g. {@code session}, {@code direct-tcpip}
 * @param senderChannel     the sender's number for this channel
 * @param initialWindowSize bytes the recipient may send before a window adjust
 * @param maximumPacketSize the largest data length the sender accepts in one message
 * @param typeData          type-specific data, decoded by {@link ChannelOpenData#decode}
 */
public record ChannelOpen(String channelType, long senderChannel, long initialWindowSize,
        long maximumPacketSize, Bytes typeData) implements ConnectionMessage {
    public ChannelOpen {
        if (channelType == null || typeData == null) {
            throw new NullPointerException();
        }
        Uint32.check(senderChannel, "sender channel");
        Uint32.check(initialWindowSize, "initial window size");
        Uint32.check(maximumPacketSize, "maximum packet size");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_OPEN;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUtf8(channelType).writeUint32(senderChannel).writeUint32(initialWindowSize)
                .writeUint32(maximumPacketSize).writeRaw(typeData);
    }

    static ChannelOpen decode(SshReader r) {
        return new ChannelOpen(r.readUtf8(), r.readUint32(), r.readUint32(), r.readUint32(), r.readRest());
    }
}
