package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.SshClientEngine;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.internal.channel.ConnectionInternals;
import org.sshwire.connection.internal.channel.Splice;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.wire.Bytes;

/**
 * The client's side of agent forwarding ({@code ssh -A}, OpenSSH PROTOCOL §2.1.1,
 * draft-miller-ssh-agent §6): each {@code auth-agent@openssh.com} channel the server opens is
 * relayed to a new connection to the local agent. As ssh's {@code client_request_agent} does,
 * that connection is first bound to this SSH session with {@code session-bind@openssh.com}
 * marked as forwarding, so the agent enforces {@code ssh-add -h} constraints along the path.
 */
final class AgentForwarding {
    private static final System.Logger LOG = System.getLogger(AgentForwarding.class.getName());
    static final String CHANNEL = "auth-agent@openssh.com";

    private AgentForwarding() {
    }

    static void accept(SshConnection conn, ConnectionEvent.ChannelOpenRequested open, Path agentSocket, Executor executor) {
        executor.execute(() -> {
            SocketChannel s;
            try {
                s = SocketChannel.open(StandardProtocolFamily.UNIX);
                s.connect(UnixDomainSocketAddress.of(agentSocket));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "cannot reach the agent to forward: {0}", e.getMessage());
                conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, "agent unavailable");
                return;
            }
            bindForForwarding(conn, s);
            Splice.start(s, conn.acceptChannel(open), executor);
        });
    }

    /** A bind the agent refuses (or an agent without the extension) leaves the connection unbound, as in ssh. */
    private static void bindForForwarding(SshConnection conn, SocketChannel s) {
        try {
            ConnectionInfo info = conn.info();
            Bytes sig = ConnectionInternals.driver(conn).call(e -> ((SshClientEngine) e).transport().initialExchangeSignature());
            if (info == null || sig == null) {
                return;
            }
            // Not closed: the relay takes the socket over, and the bind read exactly its one reply.
            AgentClient a = AgentClient.over(Channels.newInputStream(s), Channels.newOutputStream(s), () -> { });
            a.bindSession(info.hostKey(), info.sessionId(), sig, true);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "agent session bind for forwarding failed: {0}", e.getMessage());
        }
    }
}
