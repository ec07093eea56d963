package org.sshwire.connection.server;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.internal.channel.Splice;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.OpenFailureReason;

/**
 * {@code direct-streamlocal@openssh.com} (OpenSSH PROTOCOL §2.4, {@code ssh -L ...:/path}): the
 * server connects to a Unix-domain socket, if the login and the policy allow it.
 */
final class DirectStreamlocalHandler implements ChannelHandler {
    private final ForwardingPolicy policy;
    private final Executor executor;

    DirectStreamlocalHandler(ForwardingPolicy policy, Executor executor) {
        this.policy = policy;
        this.executor = executor;
    }

    @Override
    public void handle(SshConnection conn, ConnectionEvent.ChannelOpenRequested open) {
        String path = ((ChannelOpenData.DirectStreamlocal) open.typed()).socketPath();
        String problem = StreamLocalPaths.problem(path);
        if (problem != null) {
            conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, problem);
            return;
        }
        if (!ForwardPermissions.mayStreamLocal(conn.permissions()) || !policy.streamLocal.allow(conn, path)) {
            conn.rejectChannel(open, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, "forwarding to " + path + " is not allowed");
            return;
        }
        SocketChannel s;
        try {
            s = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, "connect to " + path + " failed: " + e.getMessage());
            return;
        }
        Channel ch = conn.acceptChannel(open);
        Splice.start(s, ch, executor);
    }
}
