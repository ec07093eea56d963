package org.sshwire.connection.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Executor;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.internal.channel.Splice;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.OpenFailureReason;

/** {@code direct-tcpip} (local forwarding, {@code ssh -L}): the server connects out, if allowed. */
final class DirectTcpipHandler implements ChannelHandler {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final ForwardingPolicy policy;
    private final Executor executor;

    DirectTcpipHandler(ForwardingPolicy policy, Executor executor) {
        this.policy = policy;
        this.executor = executor;
    }

    @Override
    public void handle(SshConnection conn, ConnectionEvent.ChannelOpenRequested open) {
        ChannelOpenData.DirectTcpip t = (ChannelOpenData.DirectTcpip) open.typed();
        String host = t.hostToConnect();
        int port = (int) t.portToConnect();
        if (!ForwardPermissions.mayOpen(conn.permissions(), host, port) || !policy.local.allow(conn, host, port)) {
            conn.rejectChannel(open, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, "forwarding to " + host + ":" + port + " is not allowed");
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, "connect to " + host + ":" + port + " failed: " + e.getMessage());
            return;
        }
        Channel ch = conn.acceptChannel(open);
        Splice.start(s, ch, executor);
    }
}
