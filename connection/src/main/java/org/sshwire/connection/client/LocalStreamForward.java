package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.message.ChannelOpenData;

/**
 * A local Unix-socket forward ({@code ssh -L /local.sock:/remote.sock}): a listener on a local
 * Unix-domain socket whose connections become {@code direct-streamlocal@openssh.com} channels
 * (OpenSSH PROTOCOL §2.4) to a socket on the server. Closing it removes the local socket file.
 *
 * <pre>{@code
 * try (LocalStreamForward f = client.localStreamForward(Path.of("/tmp/db.sock"), "/run/postgresql/.s.PGSQL.5432")) {
 *     SocketChannel db = SocketChannel.open(UnixDomainSocketAddress.of(f.socket()));
 * }
 * }</pre>
 */
public final class LocalStreamForward implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalStreamForward.class.getName());

    private final ServerSocketChannel listener;
    private final Path socket;

    private LocalStreamForward(ServerSocketChannel listener, Path socket) {
        this.listener = listener;
        this.socket = socket;
    }

    static LocalStreamForward start(SshConnection conn, Path localSocket, String remotePath, Executor executor) throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ss.bind(UnixDomainSocketAddress.of(localSocket)); // fails if the file exists
        } catch (IOException | RuntimeException e) {
            ss.close();
            throw e;
        }
        LocalStreamForward f = new LocalStreamForward(ss, localSocket);
        AcceptLoop.start(ss, s -> conn.openChannel(new ChannelOpenData.DirectStreamlocal(remotePath, "", 0)), executor);
        conn.context().onCancel(f::close);
        return f;
    }

    /** The local socket file. */
    public Path socket() {
        return socket;
    }

    /** Stops listening and removes the socket file; open forwarded connections go on. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing local stream forward", e);
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "removing " + socket, e);
        }
    }
}
