package org.sshwire.connection.message;

import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * A message of the RFC 4254 connection protocol (numbers 80–100), typed.
 *
 * <p>The raw form is always available through {@link #toPayload()} and {@link #decode(Payload)};
 * type-specific data (channel-open data, request bodies) stays as {@code Bytes} in the message and
 * is decoded on demand by {@link ChannelOpenData}, {@link ChannelRequestBody} and
 * {@link GlobalRequestBody}.
 *
 * <pre>{@code
 * Payload p = new ChannelWindowAdjust(0, 4096).toPayload();   // 5d 00000000 00001000
 * ConnectionMessage m = ConnectionMessage.decode(p);         // ChannelWindowAdjust[0, 4096]
 * }</pre>
 */
public sealed interface ConnectionMessage
        permits GlobalRequest, RequestSuccess, RequestFailure, ChannelOpen, ChannelMessage {

    /** The message number (RFC 4250 §4.1.2). */
    int msgId();

    /** Writes the body: everything after the message number. */
    void encode(SshWriter w);

    /** The raw form of this message. */
    default Payload toPayload() {
        SshWriter w = new SshWriter();
        encode(w);
        return new Payload(msgId(), w.toBytes());
    }

    /** True if {@code msgId} is one of the numbers this catalogue decodes (80–82, 90–100). */
    static boolean isConnectionMessage(int msgId) {
        return (msgId >= MessageNumbers.SSH_MSG_GLOBAL_REQUEST && msgId <= MessageNumbers.SSH_MSG_REQUEST_FAILURE)
                || (msgId >= MessageNumbers.SSH_MSG_CHANNEL_OPEN && msgId <= MessageNumbers.SSH_MSG_CHANNEL_FAILURE);
    }

    /**
     * Decodes a payload strictly: trailing bytes, bad booleans or invalid UTF-8 are errors.
     *
     * @throws WireFormatException if the payload is malformed or not a connection message
     */
    static ConnectionMessage decode(Payload p) {
        SshReader r = p.reader();
        ConnectionMessage m;
        switch (p.msgId()) {
            case MessageNumbers.SSH_MSG_GLOBAL_REQUEST: m = GlobalRequest.decode(r); break;
            case MessageNumbers.SSH_MSG_REQUEST_SUCCESS: m = RequestSuccess.decode(r); break;
            case MessageNumbers.SSH_MSG_REQUEST_FAILURE: m = RequestFailure.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_OPEN: m = ChannelOpen.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_OPEN_CONFIRMATION: m = ChannelOpenConfirmation.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_OPEN_FAILURE: m = ChannelOpenFailure.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_WINDOW_ADJUST: m = ChannelWindowAdjust.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_DATA: m = ChannelData.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_EXTENDED_DATA: m = ChannelExtendedData.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_EOF: m = ChannelEof.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_CLOSE: m = ChannelClose.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_REQUEST: m = ChannelRequest.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_SUCCESS: m = ChannelSuccess.decode(r); break;
            case MessageNumbers.SSH_MSG_CHANNEL_FAILURE: m = ChannelFailure.decode(r); break;
            default:
                throw new WireFormatException(0, "not a connection protocol message: " + MessageNumbers.name(p.msgId()));
        }
        r.expectEnd();
        return m;
    }
}
