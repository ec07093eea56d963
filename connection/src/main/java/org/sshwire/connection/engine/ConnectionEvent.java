package org.sshwire.connection.engine;

import java.util.List;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;

/**
 * What a {@link ConnectionEngine} tells the application (DESIGN §2). Channels are named by the
 * local id the engine chose. Events marked "a question" wait for a command that answers them.
 */
public sealed interface ConnectionEvent {

    /** An event about one channel. */
    sealed interface ChannelEvent extends ConnectionEvent {
        int channel();
    }

    /**
     * A question: the peer wants to open a channel. Answer with
     * {@link ConnectionEngine#acceptChannel} or {@link ConnectionEngine#rejectChannel}.
     *
     * @param typed the decoded type-specific data for known types, or null
     */
    record ChannelOpenRequested(int channel, String channelType, Bytes data, ChannelOpenData typed,
            long peerWindow, long peerMaxPacket) implements ChannelEvent {
    }

    /** The peer confirmed a channel we opened; data may flow. */
    record ChannelOpenConfirmed(int channel, Bytes data, long peerWindow, long peerMaxPacket) implements ChannelEvent {
    }

    /** The peer refused a channel we opened (RFC 4254 §5.1 reason code); the id is gone. */
    record ChannelOpenFailed(int channel, long reasonCode, String description) implements ChannelEvent {
    }

    /**
     * Data from the peer. The application reports what it has read with
     * {@link ConnectionEngine#consumed}, which is what re-opens the window.
     */
    record ChannelDataReceived(int channel, Bytes data) implements ChannelEvent {
    }

    /** EXTENDED_DATA from the peer (type 1 is stderr); counted against the same window. */
    record ChannelExtendedDataReceived(int channel, long dataType, Bytes data) implements ChannelEvent {
    }

    /** The peer will send no more data on this channel (RFC 4254 §5.3). */
    record ChannelEofReceived(int channel) implements ChannelEvent {
    }

    /** Both sides sent CLOSE; the channel id is gone. */
    record ChannelClosed(int channel) implements ChannelEvent {
    }

    /** The peer's window grew; {@code sendCapacity} bytes may now be passed to sendData. */
    record ChannelWindowAdjusted(int channel, long sendCapacity) implements ChannelEvent {
    }

    /**
     * A channel request. If {@code wantReply} it is a question: answer with
     * {@link ConnectionEngine#replyChannelRequest}. Requests the engine answers itself
     * (keepalive, refused session rules) are not reported.
     *
     * @param body the typed body for known request types, or null
     */
    record ChannelRequestReceived(int channel, String requestType, boolean wantReply, Bytes data,
            ChannelRequestBody body) implements ChannelEvent {
    }

    /** The peer answered one of our channel requests (the oldest unanswered one on the channel). */
    record ChannelRequestReplied(int channel, String requestType, boolean success) implements ChannelEvent {
    }

    /**
     * A global request. If {@code wantReply} it is a question: answer with
     * {@link ConnectionEngine#replyGlobalRequest}.
     *
     * @param body the typed body for known request names, or null
     */
    record GlobalRequestReceived(String requestName, boolean wantReply, Bytes data, GlobalRequestBody body)
            implements ConnectionEvent {
    }

    /** The peer answered our oldest unanswered global request; {@code data} is the success payload. */
    record GlobalRequestReplied(String requestName, boolean success, Bytes data) implements ConnectionEvent {
    }

    /** Client: the server announced its host keys ({@code hostkeys-00@openssh.com}), as key blobs. */
    record HostKeysAnnounced(List<Bytes> hostKeys) implements ConnectionEvent {
    }

    /**
     * The peer broke the connection protocol. The engine is dead: the caller must disconnect the
     * transport with {@code reason} (DESIGN §6).
     */
    record ProtocolError(DisconnectReason reason, String description) implements ConnectionEvent {
    }
}
