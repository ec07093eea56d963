package org.sshwire.connection.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.Executor;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.ChannelOpenException;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.internal.client.SocksHandshake;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.OpenFailureReason;

/**
 * A dynamic forward ({@code ssh -D}): a SOCKS4/4a/5 server here (loopback unless asked otherwise)
 * whose CONNECT requests become {@code direct-tcpip} channels to the host and port each names, which
 * the SSH server resolves and connects to. Only CONNECT with no authentication is served; the
 * request is answered after the server has accepted or refused the channel, so the SOCKS client
 * sees a refusal (see {@link SocksHandshake} for the reply codes).
 *
 * <pre>{@code
 * try (DynamicForward socks = client.dynamicForward("localhost", 1080)) {
 *     // curl --socks5-hostname 127.0.0.1:1080 http://intranet.example/
 * }
 * }</pre>
 */
public final class DynamicForward implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DynamicForward.class.getName());

    private final ServerSocketChannel listener;

    private DynamicForward(ServerSocketChannel listener) {
        this.listener = listener;
    }

    static DynamicForward start(SshConnection conn, String bindAddress, int port, Executor executor) throws IOException {
        InetSocketAddress bind = LocalForward.bindAddress(bindAddress, port);
        ServerSocketChannel ss = ServerSocketChannel.open();
        try {
            ss.bind(bind);
        } catch (IOException | RuntimeException e) {
            ss.close();
            throw e;
        }
        DynamicForward f = new DynamicForward(ss);
        AcceptLoop.start(ss, s -> {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // Unbuffered views of the blocking channel: the handshake reads exactly its own bytes,
            // so whatever the client sends after it is left for the splice.
            InputStream in = Channels.newInputStream(s);
            OutputStream out = Channels.newOutputStream(s);
            SocksHandshake.Request r = SocksHandshake.read(in, out);
            InetSocketAddress from = (InetSocketAddress) s.getRemoteAddress();
            Channel ch;
            try {
                ch = conn.openChannel(new ChannelOpenData.DirectTcpip(r.host(), r.port(),
                        from.getAddress().getHostAddress(), from.getPort()));
            } catch (ChannelOpenException e) {
                SocksHandshake.failed(out, r, e.reason() == OpenFailureReason.ADMINISTRATIVELY_PROHIBITED ? SocksHandshake.NOT_ALLOWED
                        : e.reason() == OpenFailureReason.CONNECT_FAILED ? SocksHandshake.CONNECTION_REFUSED : SocksHandshake.GENERAL_FAILURE);
                throw e;
            } catch (IOException e) {
                SocksHandshake.failed(out, r, SocksHandshake.GENERAL_FAILURE);
                throw e;
            }
            try {
                SocksHandshake.succeeded(out, r);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            LOG.log(Level.DEBUG, "SOCKS{0} CONNECT {1}:{2} from {3}", r.version(), r.host(), r.port(), from);
            return ch;
        }, executor);
        conn.context().onCancel(f::close);
        return f;
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
            LOG.log(Level.DEBUG, "closing dynamic forward", e);
        }
    }
}
