package org.sshwire.connection.engine;

import java.lang.System.Logger.Level;
import java.util.List;
import org.sshwire.connection.message.ChannelClose;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelEof;
import org.sshwire.connection.message.ChannelExtendedData;
import org.sshwire.connection.message.ChannelFailure;
import org.sshwire.connection.message.ChannelMessage;
import org.sshwire.connection.message.ChannelOpen;
import org.sshwire.connection.message.ChannelOpenConfirmation;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.ChannelOpenFailure;
import org.sshwire.connection.message.ChannelRequest;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.ChannelSuccess;
import org.sshwire.connection.message.ChannelWindowAdjust;
import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.connection.message.GlobalRequest;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.connection.message.RequestFailure;
import org.sshwire.connection.message.RequestSuccess;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The sans-IO RFC 4254 connection protocol for either end: channels with flow-control windows,
 * channel requests and global requests. Payloads from the transport go in through
 * {@link #receive}; payloads to send come out of {@link #pollTransmit}, and events for the
 * application out of {@link #pollEvent}. No threads, no I/O, no clock (DESIGN §2).
 *
 * <pre>{@code
 * ConnectionEngine client = new ConnectionEngine(ConnectionConfig.client());
 * int ch = client.openChannel("session", Bytes.EMPTY);
 * transport.send(client.pollTransmit());                 // CHANNEL_OPEN
 * // ... on PayloadReceived(p): client.receive(p); then drain pollTransmit() and pollEvent():
 * // ChannelOpenConfirmed(ch) → client.sendChannelRequest(ch, new Exec(Bytes.utf8("ls")), true);
 * // ChannelDataReceived(ch, data) → write data somewhere, then client.consumed(ch, data.length());
 * }</pre>
 *
 * <p>Peer violations (window or maximum packet overrun, unknown channel ids, messages in the
 * wrong channel phase, malformed messages) produce one {@link ConnectionEvent.ProtocolError};
 * the engine then ignores input and commands, and the caller disconnects with the given reason.
 * Local misuse (answering a question twice, writing after EOF) throws
 * {@link IllegalStateException}. Not thread-safe: the driver holds one lock per connection.
 */
public final class ConnectionEngine {
    private static final System.Logger LOG = System.getLogger(ConnectionEngine.class.getName());

    private final ConnectionConfig config;
    private final EngineOutput output = new EngineOutput();
    private final ChannelTable channels;
    private final GlobalRequests global;
    private final SessionRules sessionRules;

    public ConnectionEngine(ConnectionConfig config) {
        this.config = config;
        this.channels = new ChannelTable(config.maxChannels());
        this.global = new GlobalRequests(config.role(), config.maxPendingRequests(), output);
        this.sessionRules = new SessionRules(config.allowX11());
    }

    public ConnectionConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- input and output

    /**
     * Takes one payload from the transport (a PayloadReceived after the service was accepted).
     *
     * @return false if the number is not a connection protocol message (101–127 are unassigned:
     *         the caller answers SSH_MSG_UNIMPLEMENTED with the packet's sequence number)
     */
    public boolean receive(Payload p) {
        if (!ConnectionMessage.isConnectionMessage(p.msgId())) {
            return false;
        }
        if (output.failure != null) {
            return true;
        }
        try {
            dispatch(ConnectionMessage.decode(p));
        } catch (WireFormatException e) {
            fail("malformed " + p + ": " + e.getMessage());
        } catch (EngineOutput.Violation v) {
            fail(v.getMessage());
        }
        return true;
    }

    /** The next payload to hand to the transport, or null. */
    public Payload pollTransmit() {
        return output.transmit.pollFirst();
    }

    /** The next event for the application, or null. */
    public ConnectionEvent pollEvent() {
        return output.events.pollFirst();
    }

    /** True once the peer broke the protocol; see {@link ConnectionEvent.ProtocolError}. */
    public boolean isFailed() {
        return output.failure != null;
    }

    private void fail(String why) {
        LOG.log(Level.DEBUG, "connection protocol error: {0}", why);
        output.failure = new ConnectionEvent.ProtocolError(DisconnectReason.PROTOCOL_ERROR, why);
        output.event(output.failure);
    }

    private void dispatch(ConnectionMessage m) {
        if (m instanceof GlobalRequest) {
            global.onRequest((GlobalRequest) m);
        } else if (m instanceof RequestSuccess) {
            global.onReply(true, ((RequestSuccess) m).data());
        } else if (m instanceof RequestFailure) {
            global.onReply(false, Bytes.EMPTY);
        } else if (m instanceof ChannelOpen) {
            onOpen((ChannelOpen) m);
        } else {
            onChannelMessage((ChannelMessage) m);
        }
    }

    // ---------------------------------------------------------------- peer's messages

    private void onOpen(ChannelOpen m) {
        String type = m.channelType();
        String refusal = null;
        OpenFailureReason reason = OpenFailureReason.ADMINISTRATIVELY_PROHIBITED;
        ChannelOpenData typed = null;
        try {
            typed = ChannelOpenData.decode(type, m.typeData()).orElse(null);
        } catch (WireFormatException e) {
            refusal = "malformed " + type + " channel data";
            reason = OpenFailureReason.CONNECT_FAILED;
        }
        if (refusal != null) {
            // already refused
        } else if (ChannelOpenData.SESSION.equals(type) && config.role() == ConnectionRole.CLIENT) {
            // RFC 4254 §6.1: clients SHOULD reject session opens, making attacks by a corrupt server harder.
            refusal = "session channels are not opened by servers";
        } else if (ChannelOpenData.SESSION.equals(type) && global.sessionsRefused()) {
            // OpenSSH PROTOCOL §2.2. (OpenSSH disconnects here; refusing is enough to keep the promise.)
            refusal = "no-more-sessions@openssh.com was received";
        } else if (ChannelOpenData.X11.equals(type) && !config.allowX11()) {
            refusal = "X11 forwarding is disabled";
        } else if (channels.isFull()) {
            // DESIGN §6: channels per connection are capped; refused, nothing allocated.
            refusal = "too many channels";
            reason = OpenFailureReason.RESOURCE_SHORTAGE;
        }
        if (refusal != null) {
            LOG.log(Level.DEBUG, "refused {0} channel open: {1}", type, refusal);
            output.send(new ChannelOpenFailure(m.senderChannel(), reason, refusal).toPayload());
            return;
        }
        ChannelState ch = new ChannelState(channels.allocateId(), type, true, ChannelState.Phase.AWAITING_DECISION);
        ch.learnRemote(m.senderChannel(), m.initialWindowSize(), m.maximumPacketSize());
        channels.put(ch);
        output.event(new ConnectionEvent.ChannelOpenRequested(ch.localId, type, m.typeData(), typed,
                m.initialWindowSize(), m.maximumPacketSize()));
    }

    /**
     * Looks up the recipient. RFC 4254 does not say what to do with an unknown recipient;
     * OpenSSH disconnects ("packet referred to nonexistent channel", channels.c
     * channel_from_packet_id), and so do we: ids are never reused and a channel is forgotten only
     * after both CLOSEs, so no race in a correct peer can produce one.
     */
    private ChannelState lookup(ChannelMessage m, boolean mustBeOpen) {
        ChannelState ch = channels.get(m.recipientChannel());
        if (ch == null || (ch.openedByPeer && ch.phase == ChannelState.Phase.AWAITING_DECISION)) {
            throw new EngineOutput.Violation(MessageName.of(m) + " for nonexistent channel " + m.recipientChannel());
        }
        if (mustBeOpen && ch.phase != ChannelState.Phase.OPEN) {
            throw new EngineOutput.Violation(MessageName.of(m) + " for unconfirmed channel " + ch.localId);
        }
        return ch;
    }

    private void onChannelMessage(ChannelMessage m) {
        if (m instanceof ChannelOpenConfirmation) {
            onConfirmation((ChannelOpenConfirmation) m);
        } else if (m instanceof ChannelOpenFailure) {
            ChannelOpenFailure f = (ChannelOpenFailure) m;
            ChannelState ch = lookup(m, false);
            if (ch.phase != ChannelState.Phase.OPENING) {
                throw new EngineOutput.Violation("open failure for channel " + ch.localId + " that is already open");
            }
            channels.remove(ch);
            output.event(new ConnectionEvent.ChannelOpenFailed(ch.localId, f.reasonCode(), f.description()));
        } else if (m instanceof ChannelWindowAdjust) {
            onWindowAdjust(lookup(m, true), ((ChannelWindowAdjust) m).bytesToAdd());
        } else if (m instanceof ChannelData) {
            onData(lookup(m, true), -1, ((ChannelData) m).data());
        } else if (m instanceof ChannelExtendedData) {
            ChannelExtendedData x = (ChannelExtendedData) m;
            onData(lookup(m, true), x.dataTypeCode(), x.data());
        } else if (m instanceof ChannelEof) {
            ChannelState ch = lookup(m, true);
            if (ch.eofReceived) {
                LOG.log(Level.DEBUG, "duplicate EOF on channel {0} ignored", ch.localId);
                return;
            }
            ch.eofReceived = true;
            if (!ch.closeQueued) {
                output.event(new ConnectionEvent.ChannelEofReceived(ch.localId));
            }
        } else if (m instanceof ChannelClose) {
            ChannelState ch = lookup(m, true);
            ch.closeReceived = true;
            // RFC 4254 §5.3: "Upon receiving this message, a party MUST send back an
            // SSH_MSG_CHANNEL_CLOSE unless it has already sent this message for the channel."
            ch.closeNow(output::send);
            release(ch);
        } else if (m instanceof ChannelRequest) {
            onRequest(lookup(m, true), (ChannelRequest) m);
        } else {
            ChannelState ch = lookup(m, true);
            String name = ch.ourRequests.pollFirst();
            if (name == null) {
                throw new EngineOutput.Violation("channel request reply without a request on channel " + ch.localId);
            }
            output.event(new ConnectionEvent.ChannelRequestReplied(ch.localId, name, m instanceof ChannelSuccess));
        }
    }

    private void onConfirmation(ChannelOpenConfirmation c) {
        ChannelState ch = lookup(c, false);
        if (ch.phase != ChannelState.Phase.OPENING) {
            throw new EngineOutput.Violation("confirmation for channel " + ch.localId + " that is already open");
        }
        ch.learnRemote(c.senderChannel(), c.initialWindowSize(), c.maximumPacketSize());
        ch.phase = ChannelState.Phase.OPEN;
        if (!ch.closeQueued) {
            output.event(new ConnectionEvent.ChannelOpenConfirmed(ch.localId, c.typeData(),
                    c.initialWindowSize(), c.maximumPacketSize()));
        }
        flush(ch);
    }

    private void onWindowAdjust(ChannelState ch, long add) {
        if (ch.closeSent) {
            return; // crossed our CLOSE; nothing more will be sent
        }
        if (!ch.remoteWindow.grow(add)) {
            // RFC 4254 §5.2: "The window MUST NOT be increased above 2^32 - 1 bytes." OpenSSH
            // (channels.c channel_input_window_adjust) and Go treat overflow as fatal; so do we.
            throw new EngineOutput.Violation("window adjust of " + add + " overflows window "
                    + ch.remoteWindow.available() + " on channel " + ch.localId);
        }
        flush(ch);
        if (!ch.closeSent && !ch.closeQueued && !ch.eofQueued) {
            output.event(new ConnectionEvent.ChannelWindowAdjusted(ch.localId, ch.sendCapacity(config.maxQueuedBytes())));
        }
    }

    private void onData(ChannelState ch, long extendedType, Bytes data) {
        int len = data.length();
        if (len > ch.localMaxPacket) {
            throw new EngineOutput.Violation("data of " + len + " bytes exceeds maximum packet "
                    + ch.localMaxPacket + " on channel " + ch.localId);
        }
        if (!ch.localWindow.consume(len)) {
            // RFC 4254 §5.2. OpenSSH tolerates 10% excess; we hold the peer to the window it was given.
            throw new EngineOutput.Violation("data of " + len + " bytes overruns window "
                    + ch.localWindow.available() + " on channel " + ch.localId);
        }
        if (ch.eofReceived) {
            // RFC 4254 §5.3: EOF means the peer sends no more data.
            throw new EngineOutput.Violation("data after EOF on channel " + ch.localId);
        }
        if (ch.closeQueued || ch.closeSent) {
            // The application closed the channel: the data is discarded, and its credit returned so
            // the peer is not stalled while our queued data drains ahead of CLOSE.
            ch.credit += len;
            maybeAdjust(ch);
            return;
        }
        ch.unconsumed += len;
        output.event(extendedType < 0 ? new ConnectionEvent.ChannelDataReceived(ch.localId, data)
                : new ConnectionEvent.ChannelExtendedDataReceived(ch.localId, extendedType, data));
    }

    private void onRequest(ChannelState ch, ChannelRequest r) {
        if (ch.closeSent && r.wantReply()) {
            return; // RFC 4254 §5.3: nothing may follow our CLOSE, not even a reply
        }
        String type = r.requestType();
        // Requests without want-reply (exit-status, exit-signal) are still reported on a closing
        // channel: they cost nothing and carry the outcome the application may wait for.
        String refusal = ch.closeQueued && r.wantReply() ? "channel is closing" : null;
        ChannelRequestBody body = null;
        try {
            body = ChannelRequestBody.decode(type, r.typeData()).orElse(null);
        } catch (WireFormatException e) {
            // Includes a pty-req with more than TerminalModes.MAX_MODES modes (DESIGN §6): the
            // request is refused, the connection lives on.
            refusal = "malformed " + type + ": " + e.reason();
        }
        if (refusal == null && body instanceof ChannelRequestBody.Keepalive) {
            refusal = "keepalive"; // OpenSSH answers keepalive@openssh.com with CHANNEL_FAILURE
        }
        if (refusal == null) {
            refusal = sessionRules.refusal(ch, type);
        }
        if (refusal != null) {
            LOG.log(Level.DEBUG, "refused {0} on channel {1}: {2}", type, ch.localId, refusal);
            if (r.wantReply()) {
                ch.replies.add(new ChannelFailure(ch.remoteId).toPayload());
                ch.replies.release(output::send);
            }
            return;
        }
        if (r.wantReply()) {
            if (ch.replies.pending() >= config.maxPendingRequests()) {
                throw new EngineOutput.Violation("more than " + config.maxPendingRequests()
                        + " unanswered requests on channel " + ch.localId);
            }
            ch.replies.reserve();
        }
        output.event(new ConnectionEvent.ChannelRequestReceived(ch.localId, type, r.wantReply(), r.typeData(), body));
    }

    // ---------------------------------------------------------------- commands: channels

    /** Opens a channel with the configured window and maximum packet; see {@link #openChannel(String, Bytes, long, long)}. */
    public int openChannel(String type, Bytes data) {
        return openChannel(type, data, config.initialWindow(), config.maxPacket());
    }

    /**
     * Sends CHANNEL_OPEN and returns the new channel's id; {@link ConnectionEvent.ChannelOpenConfirmed}
     * or {@link ConnectionEvent.ChannelOpenFailed} follows. Data, requests, EOF and close may be
     * queued before the confirmation.
     *
     * @throws IllegalStateException if the channel table is full or sessions were disabled by
     *         sending {@code no-more-sessions@openssh.com}
     */
    public int openChannel(String type, Bytes data, long window, long maxPacket) {
        ConnectionConfig.checkWindow(window, maxPacket);
        requireAlive();
        if (ChannelOpenData.SESSION.equals(type) && global.sessionsDisabled()) {
            throw new IllegalStateException("no-more-sessions@openssh.com was sent");
        }
        ChannelState ch = new ChannelState(channels.allocateId(), type, false, ChannelState.Phase.OPENING);
        ch.announceLocal(window, maxPacket);
        channels.put(ch);
        output.send(new ChannelOpen(type, ch.localId, window, maxPacket, data).toPayload());
        return ch.localId;
    }

    /** Accepts the peer's open with the configured window and maximum packet. */
    public void acceptChannel(int id) {
        acceptChannel(id, config.initialWindow(), config.maxPacket());
    }

    /** Answers {@link ConnectionEvent.ChannelOpenRequested} with CHANNEL_OPEN_CONFIRMATION. */
    public void acceptChannel(int id, long window, long maxPacket) {
        ConnectionConfig.checkWindow(window, maxPacket);
        ChannelState ch = awaitingDecision(id);
        if (ch == null) {
            return;
        }
        ch.announceLocal(window, maxPacket);
        ch.phase = ChannelState.Phase.OPEN;
        output.send(new ChannelOpenConfirmation(ch.remoteId, ch.localId, window, maxPacket, Bytes.EMPTY).toPayload());
    }

    /** Answers {@link ConnectionEvent.ChannelOpenRequested} with CHANNEL_OPEN_FAILURE; the id is gone. */
    public void rejectChannel(int id, OpenFailureReason reason, String description) {
        ChannelState ch = awaitingDecision(id);
        if (ch == null) {
            return;
        }
        channels.remove(ch);
        output.send(new ChannelOpenFailure(ch.remoteId, reason, description).toPayload());
    }

    private ChannelState awaitingDecision(int id) {
        if (isFailed()) {
            return null;
        }
        ChannelState ch = channels.get(id);
        if (ch == null || ch.phase != ChannelState.Phase.AWAITING_DECISION) {
            throw new IllegalStateException("channel " + id + " is not waiting for an open decision");
        }
        return ch;
    }

    /**
     * Queues data for the peer and returns how many bytes were accepted: at most the peer's window
     * plus {@link ConnectionConfig#maxQueuedBytes()}, less what is already queued. Wait for
     * {@link ConnectionEvent.ChannelWindowAdjusted} before offering the rest. Returns 0 once the
     * channel is closing or gone, or the engine failed.
     *
     * @throws IllegalStateException after our own EOF or close, or for an id never opened
     */
    public int sendData(int id, Bytes data) {
        return send(id, -1, data);
    }

    /** Like {@link #sendData}, as EXTENDED_DATA of {@code dataType} (1 = stderr, RFC 4254 §5.2). */
    public int sendExtendedData(int id, long dataType, Bytes data) {
        if (dataType < 0 || dataType > ChannelWindow.MAX) {
            throw new IllegalArgumentException("data type is not a uint32: " + dataType);
        }
        return send(id, dataType, data);
    }

    private int send(int id, long extendedType, Bytes data) {
        ChannelState ch = usable(id);
        if (ch == null || ch.closeReceived) {
            return 0;
        }
        if (ch.eofQueued || ch.closeQueued) {
            throw new IllegalStateException("channel " + id + " already sent EOF or close");
        }
        int n = (int) Math.min(data.length(), ch.sendCapacity(config.maxQueuedBytes()));
        if (n > 0) {
            ch.out.add(new OutboundQueue.Data(extendedType, n == data.length() ? data : data.slice(0, n)));
            flush(ch);
        }
        return n;
    }

    /** Bytes {@link #sendData} would accept now on {@code id}; 0 if it is closing or gone. */
    public long sendCapacity(int id) {
        ChannelState ch = channels.get(id);
        return ch == null || isFailed() ? 0 : ch.sendCapacity(config.maxQueuedBytes());
    }

    /** Sends CHANNEL_EOF after any queued data (RFC 4254 §5.3). Idempotent. */
    public void sendEof(int id) {
        ChannelState ch = usable(id);
        if (ch == null || ch.eofQueued || ch.closeQueued) {
            return;
        }
        ch.eofQueued = true;
        ch.out.add(new OutboundQueue.Eof());
        flush(ch);
    }

    /**
     * Sends CHANNEL_CLOSE after any queued data; {@link ConnectionEvent.ChannelClosed} follows the
     * peer's CLOSE. Data arriving meanwhile is discarded and its window credit returned. Idempotent.
     */
    public void close(int id) {
        ChannelState ch = usable(id);
        if (ch == null || ch.closeQueued) {
            return;
        }
        ch.closeQueued = true;
        ch.out.add(new OutboundQueue.Close());
        flush(ch);
    }

    /** Sends a typed channel request; see {@link #sendChannelRequest(int, String, boolean, Bytes)}. */
    public void sendChannelRequest(int id, ChannelRequestBody body, boolean wantReply) {
        sendChannelRequest(id, body.requestType(), wantReply, body.toBytes());
    }

    /**
     * Sends CHANNEL_REQUEST after any queued data; with {@code wantReply} a
     * {@link ConnectionEvent.ChannelRequestReplied} follows. Ignored once the channel is gone.
     *
     * @throws IllegalStateException after our own close
     */
    public void sendChannelRequest(int id, String type, boolean wantReply, Bytes data) {
        ChannelState ch = usable(id);
        if (ch == null || ch.closeReceived) {
            return;
        }
        if (ch.closeQueued) {
            throw new IllegalStateException("channel " + id + " is closed");
        }
        ch.out.add(new OutboundQueue.Request(type, wantReply, data));
        flush(ch);
    }

    /** Answers the oldest unanswered want-reply {@link ConnectionEvent.ChannelRequestReceived} on {@code id}. */
    public void replyChannelRequest(int id, boolean success) {
        ChannelState ch = usable(id);
        if (ch == null) {
            return;
        }
        if (!ch.replies.answerOldest(success ? new ChannelSuccess(ch.remoteId).toPayload()
                : new ChannelFailure(ch.remoteId).toPayload())) {
            throw new IllegalStateException("no request on channel " + id + " is waiting for a reply");
        }
        if (!ch.closeSent) {
            ch.replies.release(output::send);
        }
    }

    /**
     * The application has read {@code n} more bytes delivered on {@code id}; this is what
     * re-opens the window (the {@link WindowPolicy} decides when to send WINDOW_ADJUST).
     *
     * @throws IllegalStateException if more was reported than was delivered
     */
    public void consumed(int id, long n) {
        ChannelState ch = usable(id);
        if (ch == null) {
            return;
        }
        if (n < 0 || n > ch.unconsumed) {
            throw new IllegalStateException("consumed " + n + " bytes but only " + ch.unconsumed + " are unread");
        }
        ch.unconsumed -= n;
        ch.credit += n;
        maybeAdjust(ch);
    }

    private void maybeAdjust(ChannelState ch) {
        if (ch.closeSent || ch.eofReceived || ch.credit == 0) {
            return; // no more data can come, so no credit is needed
        }
        long add = Math.max(0, Math.min(ch.credit, config.windowPolicy().adjustment(
                ch.localWindow.available(), ch.credit, ch.localInitialWindow, ch.localMaxPacket)));
        if (add > 0 && ch.localWindow.grow(add)) {
            ch.credit -= add;
            output.send(new ChannelWindowAdjust(ch.remoteId, add).toPayload());
        }
    }

    /** The channel for a command, null if it is gone (closed by the peer) or the engine failed. */
    private ChannelState usable(int id) {
        if (isFailed()) {
            return null;
        }
        ChannelState ch = channels.get(id);
        if (ch == null && !channels.wasAllocated(id)) {
            throw new IllegalStateException("no channel " + id);
        }
        if (ch != null && ch.phase == ChannelState.Phase.AWAITING_DECISION) {
            throw new IllegalStateException("channel " + id + " has not been accepted");
        }
        return ch;
    }

    private void flush(ChannelState ch) {
        ch.flush(config.maxSendPacket(), output::send);
        release(ch);
    }

    /** Forgets a channel once both CLOSEs were exchanged. */
    private void release(ChannelState ch) {
        if (ch.isFullyClosed()) {
            channels.remove(ch);
            output.event(new ConnectionEvent.ChannelClosed(ch.localId));
        }
    }

    // ---------------------------------------------------------------- commands: global requests

    /** Sends GLOBAL_REQUEST; with {@code wantReply} a {@link ConnectionEvent.GlobalRequestReplied} follows. */
    public void sendGlobalRequest(String name, boolean wantReply, Bytes data) {
        if (!isFailed()) {
            global.send(name, wantReply, data);
        }
    }

    /** Answers the oldest unanswered want-reply {@link ConnectionEvent.GlobalRequestReceived}. */
    public void replyGlobalRequest(boolean success, Bytes data) {
        if (!isFailed()) {
            global.reply(success, data);
        }
    }

    /** Client: {@code keepalive@openssh.com} with want-reply; any reply shows the peer is alive. */
    public void sendKeepalive() {
        sendGlobalRequest(GlobalRequestBody.KEEPALIVE, true, Bytes.EMPTY);
    }

    /** Client: {@code no-more-sessions@openssh.com}; opening another session then throws. */
    public void sendNoMoreSessions() {
        sendGlobalRequest(GlobalRequestBody.NO_MORE_SESSIONS, false, Bytes.EMPTY);
    }

    /** Server: announces its host key blobs with {@code hostkeys-00@openssh.com}. */
    public void announceHostKeys(List<Bytes> keyBlobs) {
        if (!isFailed()) {
            global.announceHostKeys(keyBlobs);
        }
    }

    // ---------------------------------------------------------------- inspection

    /** Channels open, opening or waiting for a decision. */
    public int channelCount() {
        return channels.size();
    }

    /** Bytes the peer may still send us on {@code id}, or -1 if there is no such channel. */
    public long localWindow(int id) {
        ChannelState ch = channels.get(id);
        return ch == null || ch.localWindow == null ? -1 : ch.localWindow.available();
    }

    /** Bytes we may still send on {@code id} before a WINDOW_ADJUST, or -1 if there is no such channel. */
    public long remoteWindow(int id) {
        ChannelState ch = channels.get(id);
        return ch == null ? -1 : ch.remoteWindow.available();
    }

    /** Data bytes accepted by sendData and not sent yet on {@code id}. */
    public long queuedBytes(int id) {
        ChannelState ch = channels.get(id);
        return ch == null ? 0 : ch.out.dataBytes();
    }

    private void requireAlive() {
        if (isFailed()) {
            throw new IllegalStateException("the connection failed: " + output.failure.description());
        }
    }
}
