package org.sshwire.connection.engine;

import java.lang.System.Logger.Level;
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
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.connection.message.RequestFailure;
import org.sshwire.connection.message.RequestSuccess;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The peer's connection messages, each checked against the channel's phase (a per-state
 * allow-list, DESIGN §6); violations are thrown as {@link EngineOutput.Violation}.
 */
final class InboundMessages {
    private static final System.Logger LOG = System.getLogger(InboundMessages.class.getName());

    private final ConnectionConfig config;
    private final ChannelTable channels;
    private final EngineOutput output;
    private final GlobalRequests global;
    private final ChannelFlow flow;
    private final SessionRules sessionRules;

    InboundMessages(ConnectionConfig config, ChannelTable channels, EngineOutput output, GlobalRequests global,
            ChannelFlow flow) {
        this.config = config;
        this.channels = channels;
        this.output = output;
        this.global = global;
        this.flow = flow;
        this.sessionRules = new SessionRules(config.allowX11());
    }

    void dispatch(ConnectionMessage m) {
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
        ChannelOpenData typed;
        try {
            typed = ChannelOpenData.decode(type, m.typeData()).orElse(null);
        } catch (WireFormatException e) {
            refuseOpen(m, OpenFailureReason.CONNECT_FAILED, "malformed " + type + " channel data");
            return;
        }
        String refusal = openRefusal(type);
        if (refusal != null) {
            refuseOpen(m, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, refusal);
            return;
        }
        if (channels.isFull()) {
            // DESIGN §6: channels per connection are capped; refused, nothing allocated.
            refuseOpen(m, OpenFailureReason.RESOURCE_SHORTAGE, "too many channels");
            return;
        }
        ChannelState ch = new ChannelState(channels.allocateId(), type, true, ChannelState.Phase.AWAITING_DECISION);
        ch.learnRemote(m.senderChannel(), m.initialWindowSize(), m.maximumPacketSize());
        channels.put(ch);
        output.event(new ConnectionEvent.ChannelOpenRequested(ch.localId, type, m.typeData(), typed,
                m.initialWindowSize(), m.maximumPacketSize()));
    }

    /** Why the engine refuses to open a channel of {@code type} by itself, or null. */
    private String openRefusal(String type) {
        if (ChannelOpenData.SESSION.equals(type) && config.role() == ConnectionRole.CLIENT) {
            // RFC 4254 §6.1: clients SHOULD reject session opens, making attacks by a corrupt server harder.
            return "session channels are not opened by servers";
        }
        if (ChannelOpenData.SESSION.equals(type) && global.sessionsRefused()) {
            // OpenSSH PROTOCOL §2.2. (OpenSSH disconnects here; refusing is enough to keep the promise.)
            return "no-more-sessions@openssh.com was received";
        }
        if (ChannelOpenData.X11.equals(type) && !config.allowX11()) {
            return "X11 forwarding is disabled";
        }
        return null;
    }

    private void refuseOpen(ChannelOpen m, OpenFailureReason reason, String why) {
        LOG.log(Level.DEBUG, "refused {0} channel open: {1}", m.channelType(), why);
        output.send(new ChannelOpenFailure(m.senderChannel(), reason, why).toPayload());
    }

    /**
     * Looks up the recipient. RFC 4254 does not say what to do with an unknown recipient;
     * OpenSSH disconnects ("packet referred to nonexistent channel", channels.c
     * channel_from_packet_id), and so do we for an id we never handed out. Messages for a
     * channel that existed and is closed are dropped before this (see {@link #isClosedChannel}).
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

    /**
     * Whether {@code m} is for a channel that was open and is now closed on both sides (or whose
     * open failed): ids are not reused until 2^31 allocations, so such an id is known to be one
     * of ours. A late message for it is ignored, as OpenSSH's ssh does with late replies
     * (channels.c channel_input_status_confirm: "unknown", ignored): a paramiko 2.12 server
     * closes an exec channel and then answers the exec request.
     */
    private boolean isClosedChannel(ChannelMessage m) {
        long id = m.recipientChannel();
        return id >= 0 && id <= Integer.MAX_VALUE && channels.get(id) == null && channels.wasAllocated((int) id);
    }

    private void onChannelMessage(ChannelMessage m) {
        if (isClosedChannel(m)) {
            LOG.log(Level.DEBUG, "{0} for closed channel {1} ignored", MessageName.of(m), m.recipientChannel());
            return;
        }
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
            flow.release(ch);
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
        flow.flush(ch);
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
        flow.flush(ch);
        if (!ch.closeSent && !ch.closeQueued && !ch.eofQueued) {
            output.event(new ConnectionEvent.ChannelWindowAdjusted(ch.localId, flow.sendCapacity(ch)));
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
            flow.maybeAdjust(ch);
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
}
