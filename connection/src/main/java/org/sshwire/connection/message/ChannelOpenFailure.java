package org.sshwire.connection.message;

import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * SSH_MSG_CHANNEL_OPEN_FAILURE (RFC 4254 §5.1): {@code uint32 recipient channel, uint32 reason
 * code, string description (UTF-8), string language tag}.
 *
 * @param reasonCode see {@link OpenFailureReason}; other values are carried as they are
 */
public record ChannelOpenFailure(long recipientChannel, long reasonCode, String description, String languageTag)
        implements ChannelMessage {
    public ChannelOpenFailure {
        if (description == null || languageTag == null) {
            throw new NullPointerException();
        }
        Uint32.check(recipientChannel, "recipient channel");
        Uint32.check(reasonCode, "reason code");
    }

    public ChannelOpenFailure(long recipientChannel, OpenFailureReason reason, String description) {
        this(recipientChannel, reason.code(), description, "");
    }

    /** The registered reason, or null for a code outside RFC 4254 §5.1. */
    public OpenFailureReason reason() {
        return OpenFailureReason.of(reasonCode);
    }

    @Override
    public int msgId() {
        return MessageNumbers.SSH_MSG_CHANNEL_OPEN_FAILURE;
    }

    @Override
    public void encode(SshWriter w) {
        w.writeUint32(recipientChannel).writeUint32(reasonCode).writeUtf8(description).writeUtf8(languageTag);
    }

    static ChannelOpenFailure decode(SshReader r) {
        return new ChannelOpenFailure(r.readUint32(), r.readUint32(), r.readUtf8(), r.readUtf8());
    }
}
