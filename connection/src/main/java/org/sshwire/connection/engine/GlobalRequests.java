package org.sshwire.connection.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.sshwire.connection.message.GlobalRequest;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.connection.message.RequestFailure;
import org.sshwire.connection.message.RequestSuccess;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;

/**
 * Global requests in both directions (RFC 4254 §4) and the OpenSSH ones the engine answers
 * itself: {@code keepalive@openssh.com}, {@code no-more-sessions@openssh.com},
 * {@code hostkeys-00@openssh.com}.
 */
final class GlobalRequests {
    private static final System.Logger LOG = System.getLogger(GlobalRequests.class.getName());

    private final ConnectionRole role;
    private final int maxPending;
    private final EngineOutput output;
    /** Our replies to the peer's want-reply requests, in request order. */
    private final ReplyQueue replies = new ReplyQueue();
    /** Names of our want-reply requests the peer has not answered, oldest first. */
    private final ArrayDeque<String> ours = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private boolean noMoreSessionsReceived;
    private boolean noMoreSessionsSent;

    GlobalRequests(ConnectionRole role, int maxPending, EngineOutput output) {
        this.role = role;
        this.maxPending = maxPending;
        this.output = output;
    }

    boolean sessionsRefused() {
        return noMoreSessionsReceived;
    }

    boolean sessionsDisabled() {
        return noMoreSessionsSent;
    }

    void onRequest(GlobalRequest m) {
        String name = m.requestName();
        GlobalRequestBody body;
        try {
            Optional<GlobalRequestBody> typed = GlobalRequestBody.decode(name, m.data());
            body = typed.orElse(null);
        } catch (WireFormatException e) {
            LOG.log(Level.DEBUG, "malformed global request {0}: {1}", name, e.getMessage());
            answerNow(m, false, Bytes.EMPTY);
            return;
        }
        if (body instanceof GlobalRequestBody.Keepalive) {
            // OpenSSH answers keepalive@openssh.com with REQUEST_FAILURE: any reply proves liveness.
            answerNow(m, false, Bytes.EMPTY);
        } else if (body instanceof GlobalRequestBody.NoMoreSessions) {
            // OpenSSH PROTOCOL §2.2: from now on the server refuses session channels.
            boolean ok = role == ConnectionRole.SERVER;
            noMoreSessionsReceived |= ok;
            answerNow(m, ok, Bytes.EMPTY);
        } else if (body instanceof GlobalRequestBody.HostKeys && role == ConnectionRole.CLIENT) {
            output.event(new ConnectionEvent.HostKeysAnnounced(((GlobalRequestBody.HostKeys) body).keys()));
            answerNow(m, true, Bytes.EMPTY);
        } else {
            if (m.wantReply()) {
                if (replies.pending() >= maxPending) {
                    throw new EngineOutput.Violation("more than " + maxPending + " unanswered global requests");
                }
                replies.reserve();
            }
            output.event(new ConnectionEvent.GlobalRequestReceived(name, m.wantReply(), m.data(), body));
        }
    }

    private void answerNow(GlobalRequest m, boolean success, Bytes data) {
        if (m.wantReply()) {
            replies.add(success ? new RequestSuccess(data).toPayload() : new RequestFailure().toPayload());
            replies.release(output::send);
        }
    }

    void onReply(boolean success, Bytes data) {
        String name = ours.pollFirst();
        if (name == null) {
            throw new EngineOutput.Violation("global request reply without a request");
        }
        output.event(new ConnectionEvent.GlobalRequestReplied(name, success, data));
    }

    void send(String name, boolean wantReply, Bytes data) {
        if (GlobalRequestBody.NO_MORE_SESSIONS.equals(name)) {
            noMoreSessionsSent = true;
        }
        output.send(new GlobalRequest(name, wantReply, data).toPayload());
        if (wantReply) {
            ours.add(name);
        }
    }

    void reply(boolean success, Bytes data) {
        if (!replies.answerOldest(success ? new RequestSuccess(data).toPayload() : new RequestFailure().toPayload())) {
            throw new IllegalStateException("no global request is waiting for a reply");
        }
        replies.release(output::send);
    }

    void announceHostKeys(List<Bytes> keyBlobs) {
        if (role != ConnectionRole.SERVER) {
            throw new IllegalStateException("only a server announces host keys");
        }
        GlobalRequestBody body = new GlobalRequestBody.HostKeys(keyBlobs);
        // OpenSSH PROTOCOL §2.5: sent without want-reply.
        send(body.requestName(), false, body.toBytes());
    }
}
