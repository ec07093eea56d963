package org.sshwire.connection.engine;

import java.lang.System.Logger.Level;
import java.util.List;
import org.sshwire.connection.message.ChannelFailure;
import org.sshwire.connection.message.ChannelOpen;
import org.sshwire.connection.message.ChannelOpenConfirmation;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.ChannelOpenFailure;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.ChannelSuccess;
import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.connection.message.OpenFailureReason;
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
    private final ChannelFlow flow;
    private final InboundMessages inbound;
    private final WindowGrowth growth;
    private ChannelDataSink dataSink; // null: payloads only

    public ConnectionEngine(ConnectionConfig config) {
        this.config = config;
        this.channels = new ChannelTable(config.maxChannels());
        this.global = new GlobalRequests(config.role(), config.maxPendingRequests(), output);
        this.growth = new WindowGrowth(config.windowTuning(), this);
        this.flow = new ChannelFlow(config, channels, output, growth);
        this.inbound = new InboundMessages(config, channels, output, global, flow);
    }

    public ConnectionConfig config() {
        return config;
    }

    /**
     * Tells the engine when the transport below only queues payloads (during a key exchange):
     * channel data then waits in the channels' bounded queues instead of overflowing the
     * transport's. Call {@link #transportReady()} when it may send again.
     */
    public void transmitGate(java.util.function.BooleanSupplier transportQueueing) {
        flow.gate(transportQueueing);
    }

    /**
     * Lets {@link #sendData(int, java.nio.ByteBuffer, int, int)} hand window-permitted CHANNEL_DATA straight to
     * the layer below instead of queueing payloads (see {@link ChannelDataSink}); without one,
     * every message comes out of {@link #pollTransmit}.
     */
    public void channelDataSink(ChannelDataSink sink) {
        this.dataSink = sink;
    }

    /**
     * Sends at most {@code bytes} of channel data beyond what the peer has given back, on every
     * channel, once the peer's adjusts show it returns credit in smaller steps (see
     * {@link PeerWindow}); {@link Long#MAX_VALUE}, the default, uses the whole window. The engine
     * has no clock: the driver picks the limit from a measured round trip, so that it only
     * applies where the round trip is short enough not to slow the channel.
     */
    public void sendAheadLimit(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("send-ahead limit must be positive: " + bytes);
        }
        flow.sendAhead(bytes);
        for (ChannelState ch : channels.all()) {
            flow.flush(ch); // a larger limit lets queued data go now
        }
    }

    /**
     * The round trip to the peer, as the driver measured it: receive windows grow only once it is
     * known ({@link WindowTuning}). The engine has no clock of its own (DESIGN §2).
     */
    public void roundTrip(long nanos) {
        growth.roundTrip(nanos);
    }

    /** The round trip given to {@link #roundTrip(long)}; 0 while unknown. */
    public long roundTripNanos() {
        return growth.roundTrip();
    }

    /** The window {@code id} keeps the peer at (announced plus grown), or -1 if there is no such channel. */
    public long receiveWindowSize(int id) {
        ChannelState ch = channels.get(id);
        return ch == null || ch.localWindow == null ? -1 : ch.localTarget;
    }

    /** The send-ahead limit in force ({@link Long#MAX_VALUE}: the whole window). */
    public long sendAheadLimit() {
        return flow.sendAhead();
    }

    /** Resumes channel data held by {@link #transmitGate} (a no-op when nothing was held). */
    public void transportReady() {
        flow.release();
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
            inbound.dispatch(ConnectionMessage.decode(p));
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

    /** Payloads produced and not yet taken by {@link #pollTransmit}. */
    public int pendingTransmit() {
        return output.transmit.size();
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
        growth.releaseAll(); // the connection is over: its windows' growth goes back to the budget
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

    /**
     * Opens a channel of a known type with its typed data and the configured window.
     *
     * <pre>{@code
     * int ch = engine.openChannel(new ChannelOpenData.DirectTcpip("localhost", 80, "127.0.0.1", 4711));
     * }</pre>
     */
    public int openChannel(ChannelOpenData data) {
        return openChannel(data.channelType(), data.toBytes());
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

    /**
     * Like {@link #sendData(int, Bytes)} from an array; only the accepted bytes are copied, so a
     * writer can offer its whole buffer and keep the rest.
     */
    public int sendData(int id, byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        return sendData(id, java.nio.ByteBuffer.wrap(buf), off, len);
    }

    /**
     * Like {@link #sendData(int, byte[], int, int)} from {@code buf}'s bytes at absolute indices
     * {@code [off, off+len)}, heap or direct (a file read straight into a direct buffer reaches
     * the packet in one copy); the buffer's position and limit are ignored and unchanged.
     */
    public int sendData(int id, java.nio.ByteBuffer buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.capacity());
        int n = (int) Math.min(len, sendCapacity(id));
        if (n == 0) {
            return send(id, -1, Bytes.EMPTY);
        }
        ChannelState ch = channels.get(id);
        if (flow.held()) {
            return send(id, -1, Bytes.of(buf, off, n));
        }
        // Bulk-data fast path: with nothing queued, what the window takes goes straight from the
        // caller's buffer into CHANNEL_DATA packets (one copy instead of two); the rest is queued.
        int direct = flow.sendDirect(ch, buf, off, n, dataSink);
        if (direct == n) {
            return n;
        }
        return direct + send(id, -1, Bytes.of(buf, off + direct, n - direct));
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
        int n = (int) Math.min(data.length(), flow.sendCapacity(ch));
        if (n > 0) {
            ch.out.add(new OutboundQueue.Data(extendedType, n == data.length() ? data : data.slice(0, n)));
            flow.flush(ch);
        }
        return n;
    }

    /** Bytes {@link #sendData} would accept now on {@code id}; 0 if it is closing or gone. */
    public long sendCapacity(int id) {
        ChannelState ch = channels.get(id);
        return ch == null || isFailed() ? 0 : flow.sendCapacity(ch);
    }

    /** Sends CHANNEL_EOF after any queued data (RFC 4254 §5.3). Idempotent. */
    public void sendEof(int id) {
        ChannelState ch = usable(id);
        if (ch == null || ch.eofQueued || ch.closeQueued) {
            return;
        }
        ch.eofQueued = true;
        ch.out.add(new OutboundQueue.Eof());
        flow.flush(ch);
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
        flow.flush(ch);
    }

    /**
     * Closes at once: queued data, requests and EOF are dropped and CLOSE is sent now (RFC 4254
     * §5.3 allows CLOSE at any time). For a channel whose peer stopped reading, or a session being
     * killed. Before confirmation it behaves like {@link #close}. Idempotent.
     */
    public void abort(int id) {
        ChannelState ch = usable(id);
        if (ch == null || ch.closeSent) {
            return;
        }
        ch.closeQueued = true;
        if (ch.phase == ChannelState.Phase.OPEN) {
            ch.closeNow(output::send);
            flow.release(ch);
        } else {
            ch.out.clear();
            ch.out.add(new OutboundQueue.Close());
        }
    }

    /** Ids of the channels open, opening or waiting for a decision, for a driver tearing down. */
    public java.util.Set<Integer> channelIds() {
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        for (ChannelState ch : channels.all()) {
            ids.add(ch.localId);
        }
        return ids;
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
        flow.flush(ch);
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
        flow.consumed(ch, n);
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
