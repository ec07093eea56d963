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
 * A local forward ({@code ssh -L}): a listener here (on the loopback address unless asked
 * otherwise) whose connections become {@code direct-tcpip} channels to a target the server
 * connects to.
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

    static LocalForward start(SshConnection conn, String bindAddress, int localPort, String host, int port, Executor executor)
            throws IOException {
        InetSocketAddress bind = bindAddress(bindAddress, localPort);
        ServerSocketChannel ss = ServerSocketChannel.open();
        try {
            ss.bind(bind);
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

    /**
     * Where ssh's client binds {@code -L}'s bind_address (channels.c channel_fwd_bind_addr with
     * GatewayPorts no): none or "localhost" is the loopback address, "" or "*" every address,
     * anything else that address.
     */
    static InetSocketAddress bindAddress(String bindAddress, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (bindAddress == null || bindAddress.equalsIgnoreCase("localhost")) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        if (bindAddress.isEmpty() || bindAddress.equals("*")) {
            return new InetSocketAddress(port);
        }
        return new InetSocketAddress(InetAddress.getByName(bindAddress), port);
    }

    public int port() {
        return listener.socket().getLocalPort();
    }

    /** The address and port listened on. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
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
