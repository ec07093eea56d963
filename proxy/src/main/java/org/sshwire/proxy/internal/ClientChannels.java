package org.sshwire.proxy.internal;

import org.sshwire.connection.internal.channel.SerialExecutor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.ChannelOpenException;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.proxy.AccessPolicy;
import org.sshwire.proxy.RelayedChannel;
import org.sshwire.proxy.RouteDeniedException;
import org.sshwire.transport.wire.Bytes;

/** The channels and global requests the user sends to the bastion, each relayed upstream. */
public final class ClientChannels {
    private static final String PREFIX = "sshwire proxy: ";

    private ClientChannels() {
    }

    /**
     * A session: accepted at once, its requests queued until the
     * first one that needs the upstream. Agent forwarding is asked for before the command
     * (OpenSSH's ssh sends auth-agent-req first), so a user who forwarded an agent is logged in
     * upstream with it.
     */
    public static void session(Link link, ConnectionEvent.ChannelOpenRequested open) {
        // Even a refused route gets its session: ssh shows the refusal of a channel open only at
        // LogLevel INFO, but the session's stderr always.
        SerialExecutor toUp = new SerialExecutor(link.pumps());
        SessionStart start = new SessionStart(link, open);
        start.down = link.down().acceptChannel(open, r -> toUp.execute(() -> start.request(r)));
        start.ready.countDown();
    }

    /** direct-tcpip and direct-streamlocal@openssh.com: the upstream opens it first, then the user's is accepted. */
    public static void direct(Link link, ConnectionEvent.ChannelOpenRequested open) {
        java.util.Optional<String> no = link.policy().forwardingRefusal(open.channelType().equals("direct-tcpip")
                ? AccessPolicy.Forwarding.LOCAL : AccessPolicy.Forwarding.STREAMLOCAL);
        if (no.isPresent()) {
            // sshd's answer with AllowTcpForwarding / AllowStreamLocalForwarding off (serverloop.c
            // server_request_direct_tcpip): OPEN_FAILURE administratively prohibited.
            refuse(link, open, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, PREFIX + no.get());
            return;
        }
        if (!routeAllowed(link, open)) {
            return;
        }
        Channel up;
        try {
            up = link.upstream().connection().openChannel(open.channelType(), open.data());
        } catch (ChannelOpenException e) {
            refuse(link, open, e.reason(), e.getMessage());
            return;
        } catch (IOException e) {
            refuse(link, open, OpenFailureReason.CONNECT_FAILED, PREFIX + e.getMessage());
            return;
        }
        SerialExecutor toUp = new SerialExecutor(link.pumps());
        ChannelPair[] pair = new ChannelPair[1];
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Channel down = link.down().acceptChannel(open, r -> toUp.execute(() -> {
            Link.awaitQuietly(ready);
            pair[0].fromClient(r);
        }));
        RelayedChannel info = link.describe(open.channelType(), open.data(), true);
        pair[0] = new ChannelPair(link, down, up, info);
        ready.countDown();
        link.tap().channelOpened(info);
        pair[0].start();
    }

    /** tcpip-forward, streamlocal-forward@openssh.com and their cancels: asked upstream, its answer returned. */
    public static GlobalReply global(Link link, ConnectionEvent.GlobalRequestReceived request) {
        AccessPolicy.Forwarding kind = switch (request.requestName()) {
            case "tcpip-forward" -> AccessPolicy.Forwarding.REMOTE;
            case "streamlocal-forward@openssh.com" -> AccessPolicy.Forwarding.STREAMLOCAL;
            default -> null; // cancels go through, as in sshd: only the forward itself is checked
        };
        java.util.Optional<String> no = kind == null ? java.util.Optional.empty() : link.policy().forwardingRefusal(kind);
        if (no.isPresent()) {
            // sshd's answer with remote forwarding off (serverloop.c server_input_global_request): REQUEST_FAILURE.
            link.tap().policyDenied(link.id(), request.requestName(), no.get());
            return new GlobalReply(false, Bytes.EMPTY);
        }
        GlobalReply reply;
        try {
            link.route();
            reply = link.upstream().connection().sendGlobalRequest(request.requestName(), request.wantReply(), request.data());
        } catch (IOException e) {
            reply = new GlobalReply(false, Bytes.EMPTY);
        }
        link.tap().globalRequest(link.id(), request.requestName(), request.data(), reply.success());
        return reply;
    }

    private static boolean routeAllowed(Link link, ConnectionEvent.ChannelOpenRequested open) {
        try {
            link.route();
            return true;
        } catch (RouteDeniedException e) {
            refuse(link, open, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, PREFIX + e.getMessage());
            return false;
        }
    }

    private static void refuse(Link link, ConnectionEvent.ChannelOpenRequested open, OpenFailureReason reason, String why) {
        link.tap().channelRefused(link.id(), open.channelType(), open.data(), why);
        link.down().rejectChannel(open, reason, why);
    }

    /** A session channel before and after its upstream twin exists; every method runs on its request queue. */
    private static final class SessionStart {
        private final Link link;
        private final ConnectionEvent.ChannelOpenRequested open;
        private final List<ConnectionEvent.ChannelRequestReceived> answered = new ArrayList<>();
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        volatile Channel down;
        private ChannelPair pair;
        private boolean failed;

        SessionStart(Link link, ConnectionEvent.ChannelOpenRequested open) {
            this.link = link;
            this.open = open;
        }

        void request(ConnectionEvent.ChannelRequestReceived r) {
            Link.awaitQuietly(ready);
            if (r.body() instanceof ChannelRequestBody.AuthAgentReq) {
                java.util.Optional<String> no = link.policy().forwardingRefusal(AccessPolicy.Forwarding.AGENT);
                if (no.isPresent()) {
                    // As sshd with AllowAgentForwarding no (session.c session_auth_agent_req): the
                    // request fails and the session goes on without an agent (OpenSSH's ssh asks
                    // without want-reply, so only the audit log tells).
                    link.tap().policyDenied(link.id(), r.requestType(), no.get());
                    if (r.wantReply()) {
                        down.replyRequest(false);
                    }
                    return;
                }
            }
            if (!failed && isCommand(r)) {
                java.util.Optional<String> no;
                try {
                    no = link.refusal(r.body());
                } catch (IOException e) {
                    no = java.util.Optional.of(e.getMessage());
                }
                if (no.isPresent()) {
                    failed = true;
                    fail(r, no.get()); // the reason reaches the user first, then the upstream twin goes
                    if (pair != null) {
                        pair.abortUpstream();
                    }
                    return;
                }
                r = link.policy().forced(r);
            }
            if (pair != null) {
                pair.fromClient(r);
                return;
            }
            if (failed) {
                if (r.wantReply()) {
                    down.replyRequest(false);
                }
                return;
            }
            if (r.body() instanceof ChannelRequestBody.AuthAgentReq) {
                // Before the upstream login: remembered, answered here, passed on once it exists.
                link.agentRequested();
                answered.add(r);
                if (r.wantReply()) {
                    down.replyRequest(true);
                }
                return;
            }
            Channel up;
            try {
                up = link.upstream().connection().openChannel(open.channelType(), open.data());
            } catch (IOException e) {
                failed = true;
                fail(r, e.getMessage());
                return;
            }
            pair = new ChannelPair(link, down, up, link.describe(open.channelType(), open.data(), true));
            link.tap().channelOpened(pair.info());
            pair.listen();
            answered.forEach(pair::fromClientAnswered);
            pair.fromClient(r);
            pair.start();
        }

        private static boolean isCommand(ConnectionEvent.ChannelRequestReceived r) {
            return r.body() instanceof ChannelRequestBody.Exec || r.body() instanceof ChannelRequestBody.Shell
                    || r.body() instanceof ChannelRequestBody.Subsystem;
        }

        /**
         * Tells the user why on stderr and ends the session with exit status 255, as sshd does
         * when a session's command cannot start: the request is answered with success first.
         * Refusing it instead loses the text: OpenSSH's ssh gives up on a channel whose exec,
         * shell or subsystem request fails, and may not write out stderr data that came in the
         * same read.
         */
        private void fail(ConnectionEvent.ChannelRequestReceived r, String why) {
            link.tap().channelRefused(link.id(), open.channelType(), open.data(), why);
            if (r.wantReply()) {
                down.replyRequest(true);
            }
            try {
                OutputStream err = down.getErrorOutputStream();
                err.write((PREFIX + why + "\r\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                down.sendRequest("exit-status", false, new ChannelRequestBody.ExitStatus(255).toBytes());
            } catch (IOException e) {
                // the user has gone
            }
            down.closeWrite();
            down.close();
        }
    }
}
