package org.sshwire.connection.message;

/**
 * A message addressed to one channel: every channel message after CHANNEL_OPEN starts with the
 * recipient's channel number (RFC 4254 §5).
 */
public sealed interface ChannelMessage extends ConnectionMessage
        permits ChannelOpenConfirmation, ChannelOpenFailure, ChannelWindowAdjust, ChannelData,
        ChannelExtendedData, ChannelEof, ChannelClose, ChannelRequest, ChannelSuccess, ChannelFailure {

    /** The channel number the recipient chose for this channel (uint32). */
    long recipientChannel();
}
