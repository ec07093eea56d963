package org.sshwire.connection.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.sshwire.connection.message.ChannelClose;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelEof;
import org.sshwire.connection.message.ChannelExtendedData;
import org.sshwire.connection.message.ChannelRequest;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * One channel's state (RFC 4254 §5): phase, both windows, the outbound queue, and the close
 * handshake. Knows nothing of events; {@link ConnectionEngine} drives it.
 */
final class ChannelState {
    enum Phase {
        /** We sent CHANNEL_OPEN and wait for the peer's answer. */
        OPENING,
        /** The peer sent CHANNEL_OPEN and the application has not decided yet. */
        AWAITING_DECISION,
        /** Confirmed: data and requests may flow. */
        OPEN
    }

    final int localId;
    final String type;
    final boolean openedByPeer;
    Phase phase;
    long remoteId = -1;

    /** What the peer may still send us, and what we announced. */
    ChannelWindow localWindow;
    long localInitialWindow;
    long localMaxPacket;
    /** Delivered to the application and not yet reported consumed. */
    long unconsumed;
    /** Consumed (or discarded) and not yet returned to the peer with WINDOW_ADJUST. */
    long credit;
    /** The window we keep the peer at: the announced one plus any growth ({@link WindowTuning}). */
    long localTarget;
    /** Growth taken from the {@link WindowBudget} for this channel. */
    long grownBy;
    /**
     * {@link WindowGrowth}: bytes consumed since {@link #epochStart}, the time the count began;
     * how long the first half of the window took (-1 until then); the last consumption's time.
     */
    long epochConsumed;
    long epochStart;
    long epochHalfTook = -1;
    long lastConsumed;

    /** What we may still send, and the peer's maximum packet. */
    PeerWindow remoteWindow = new PeerWindow(0, 1);
    long remoteMaxPacket;

    boolean eofReceived;
    boolean closeReceived;
    /** The application asked for EOF / CLOSE; they leave once the data before them has. */
    boolean eofQueued;
    boolean closeQueued;
    boolean eofSent;
    boolean closeSent;
    /** RFC 4254 §6.5: only one of shell, exec or subsystem per session channel. */
    boolean commandRequested;

    final OutboundQueue out = new OutboundQueue();
    /** Our replies to the peer's want-reply requests on this channel, in request order. */
    final ReplyQueue replies = new ReplyQueue();
    /** Our want-reply requests the peer has not answered, oldest first. */
    final ArrayDeque<String> ourRequests = new ArrayDeque<>(4); // grows on demand; idle connections keep it

    ChannelState(int localId, String type, boolean openedByPeer, Phase phase) {
        this.localId = localId;
        this.type = type;
        this.openedByPeer = openedByPeer;
        this.phase = phase;
    }

    void announceLocal(long window, long maxPacket) {
        localWindow = new ChannelWindow(window);
        localInitialWindow = window;
        localTarget = window;
        localMaxPacket = maxPacket;
    }

    void learnRemote(long remoteId, long window, long maxPacket) {
        this.remoteId = remoteId;
        this.remoteWindow = new PeerWindow(window, maxPacket);
        this.remoteMaxPacket = maxPacket;
    }

    /** A session channel the peer opened to us: session rules of RFC 4254 §6 apply on our side. */
    boolean isServedSession() {
        return openedByPeer && ChannelOpenData.SESSION.equals(type);
    }

    boolean isFullyClosed() {
        return closeSent && closeReceived;
    }

    /**
     * Data bytes sendData may accept now: the peer's window plus free queue space, less what is
     * queued. After {@link #flush} either nothing is queued or the window is zero, so this is
     * exactly "sendable now + room to wait".
     */
    /** Room in this channel's own queue, whatever the window (see {@link ChannelFlow#held()}). */
    long queueRoom(int maxQueuedBytes) {
        if (eofQueued || closeQueued || closeSent || closeReceived) {
            return 0;
        }
        return Math.max(0, maxQueuedBytes - out.dataBytes());
    }

    long sendCapacity(int maxQueuedBytes, long sendAhead) {
        if (eofQueued || closeQueued || closeSent || closeReceived) {
            return 0;
        }
        long window = phase == Phase.OPEN ? remoteWindow.sendable(sendAhead) : 0;
        return Math.max(0, window + maxQueuedBytes - out.dataBytes());
    }

    /**
     * Sends what the window allows under the send-ahead limit ({@link PeerWindow#sendable}), in
     * order: data chunks of at most the peer's maximum packet (RFC 4254 §5.2) and
     * {@code maxSendPacket}, then requests, EOF and CLOSE once they reach the head of the queue.
     */
    void flush(int maxSendPacket, long sendAhead, Consumer<Payload> transmit) {
        if (phase != Phase.OPEN || closeSent) {
            return;
        }
        while (!out.isEmpty()) {
            OutboundQueue.Item item = out.peek();
            if (item instanceof OutboundQueue.Data) {
                OutboundQueue.Data d = (OutboundQueue.Data) item;
                long n = Math.min(Math.min(d.remaining(), remoteWindow.sendable(sendAhead)),
                        Math.min(remoteMaxPacket, maxSendPacket));
                if (n <= 0) {
                    break; // no window (or a peer maximum packet of 0): wait for WINDOW_ADJUST
                }
                Bytes chunk = d.bytes.slice(d.offset, d.offset + (int) n);
                remoteWindow.consume(n);
                transmit.accept(d.extendedType < 0 ? new ChannelData(remoteId, chunk).toPayload()
                        : new ChannelExtendedData(remoteId, d.extendedType, chunk).toPayload());
                out.consumeHeadData((int) n);
            } else if (item instanceof OutboundQueue.Request) {
                OutboundQueue.Request r = (OutboundQueue.Request) item;
                transmit.accept(new ChannelRequest(remoteId, r.type(), r.wantReply(), r.data()).toPayload());
                if (r.wantReply()) {
                    ourRequests.add(r.type());
                }
                out.removeHead();
            } else if (item instanceof OutboundQueue.Eof) {
                transmit.accept(new ChannelEof(remoteId).toPayload());
                eofSent = true;
                out.removeHead();
            } else {
                transmit.accept(new ChannelClose(remoteId).toPayload());
                closeSent = true;
                out.clear();
            }
        }
    }

    /**
     * Sends CHANNEL_DATA straight from {@code buf} (absolute indices {@code [off, off+len)}, heap
     * or direct) while nothing is queued ahead of it and the
     * window allows; returns the bytes sent (the caller queues the rest). Each chunk goes to
     * {@code sink} when there is one and it takes it (framed from {@code buf} directly), else as a
     * payload byte-for-byte equal to what {@link #flush} would build from {@link ChannelData}.
     * Stops as soon as {@code held} says the layer below only queues: a packet sent here can start
     * a key exchange (the rekey limits), and the rest of a window's worth handed to the transport
     * then would overflow its bounded queue (ChannelFlow#held).
     */
    int sendDirect(ByteBuffer buf, int off, int len, int maxSendPacket, long sendAhead, ChannelDataSink sink,
            Consumer<Payload> transmit, java.util.function.BooleanSupplier held) {
        if (phase != Phase.OPEN || closeSent || !out.isEmpty()) {
            return 0;
        }
        int sent = 0;
        while (sent < len && !held.getAsBoolean()) {
            int n = (int) Math.min(Math.min(len - sent, remoteWindow.sendable(sendAhead)), Math.min(remoteMaxPacket, maxSendPacket));
            if (n <= 0) {
                break;
            }
            if (sink == null || !sink.sendChannelData(remoteId, buf, off + sent, n)) {
                byte[] body = new byte[8 + n]; // uint32 recipient channel, string data (RFC 4254 §5.2)
                writeUint32(body, 0, remoteId);
                writeUint32(body, 4, n);
                buf.get(off + sent, body, 8, n);
                transmit.accept(new Payload(MessageNumbers.SSH_MSG_CHANNEL_DATA, Bytes.wrap(body)));
            }
            remoteWindow.consume(n);
            sent += n;
        }
        return sent;
    }

    private static void writeUint32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** RFC 4254 §5.3: answering the peer's CLOSE; anything still queued can no longer be sent. */
    void closeNow(Consumer<Payload> transmit) {
        out.clear();
        if (!closeSent && phase == Phase.OPEN) {
            transmit.accept(new ChannelClose(remoteId).toPayload());
            closeSent = true;
        }
    }

    boolean isCommandRequest(String requestType) {
        return ChannelRequestBody.SHELL.equals(requestType) || ChannelRequestBody.EXEC.equals(requestType)
                || ChannelRequestBody.SUBSYSTEM.equals(requestType);
    }
}
