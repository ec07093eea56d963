package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Executor;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.Splice;
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

    private final ServerSocket listener;

    private LocalForward(ServerSocket listener) {
        this.listener = listener;
    }

    static LocalForward start(SshConnection conn, int localPort, String host, int port, Executor executor) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
        LocalForward f = new LocalForward(ss);
        executor.execute(() -> {
            while (!ss.isClosed()) {
                Socket s;
                try {
                    s = ss.accept();
                } catch (IOException e) {
                    return;
                }
                executor.execute(() -> {
                    try {
                        s.setTcpNoDelay(true);
                        Channel ch = conn.openChannel(new ChannelOpenData.DirectTcpip(host, port,
                                s.getInetAddress().getHostAddress(), s.getPort()));
                        Splice.start(s, ch, executor);
                    } catch (IOException e) {
                        LOG.log(Level.DEBUG, "direct-tcpip refused", e);
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // already failing
                        }
                    }
                });
            }
        });
        conn.context().onCancel(f::close);
        return f;
    }

    public int port() {
        return listener.getLocalPort();
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
