package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.Executor;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.message.ChannelOpenData;

/**
 * A local forward ({@code ssh -L}): a listener on 127.0.0.1 whose connections become
 * {@code direct-tcpip} channels to a target the server connects to.
 *
 * <pre>{@code
 * try (LocalForward f = client.localForward(0, "127.0.0.1", 80)) { connectTo(f.port()); }
 * }</pre>
 */
public final class LocalForward implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalForward.class.getName());

    private final ServerSocketChannel listener;

    private LocalForward(ServerSocketChannel listener) {
        this.listener = listener;
    }

    static LocalForward start(SshConnection conn, int localPort, String host, int port, Executor executor) throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open();
        try {
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
        } catch (IOException | RuntimeException e) {
            ss.close();
            throw e;
        }
        LocalForward f = new LocalForward(ss);
        AcceptLoop.start(ss, s -> {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress from = (InetSocketAddress) s.getRemoteAddress();
            return conn.openChannel(new ChannelOpenData.DirectTcpip(host, port, from.getAddress().getHostAddress(), from.getPort()));
        }, executor);
        conn.context().onCancel(f::close);
        return f;
    }

    public int port() {
        return listener.socket().getLocalPort();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing local forward", e);
        }
    }
}
