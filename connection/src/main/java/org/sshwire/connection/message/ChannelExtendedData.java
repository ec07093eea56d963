package org.sshwire.connection.message;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_CHANNEL_EXTENDED_DATA (RFC 4254 §5.2): {@code uint32 recipient channel,
 * uint32 data_type_code, string data}; code 1 is SSH_EXTENDED_DATA_STDERR.
 */
public record ChannelExtendedData(long recipientChannel, long dataTypeCode, Bytes data) implements ChannelMessage {
    /** RFC 4254 §5.2: the only registered extended data type. */
    public static final int SSH_EXTENDED_DATA_STDERR = 1;

    public ChannelExtendedData {
        if (data == null) {
            throw new NullPointerException("data");
        }
        Uint32.check(recipientChannel, "recipient channel");
        Uint32.check(dataTypeCode, "data type code");
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_EXTENDED_DATA;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel).writeUint32(dataTypeCode).writeString(data);
    }

    static ChannelExtendedData decode(SshReader r) {
        return new ChannelExtendedData(r.readUint32(), r.readUint32(), r.readString());
    }
}
