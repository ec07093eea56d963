package org.sshwire.connection.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.internal.channel.Splice;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.wire.Bytes;

/**
 * {@code streamlocal-forward@openssh.com} / {@code cancel-streamlocal-forward@openssh.com}
 * (OpenSSH PROTOCOL §2.4, {@code ssh -R /path:...}): the server listens on a Unix-domain socket
 * and opens a {@code forwarded-streamlocal@openssh.com} channel per accepted connection. The socket
 * file is removed when the forward is cancelled and when the connection closes.
 */
final class StreamLocalForwards {
    private static final System.Logger LOG = System.getLogger(StreamLocalForwards.class.getName());
    private static final String KEY = StreamLocalForwards.class.getName();

    private record Listener(ServerSocketChannel socket, Path file) {
    }

    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();

    private StreamLocalForwards() {
    }

    static GlobalRequestHandler handlerFor(ConnectionEvent.GlobalRequestReceived r, ServerSettings settings) {
        if (r.body() instanceof GlobalRequestBody.StreamlocalForward f) {
            return (conn, req) -> new GlobalReply(of(conn).listen(conn, f.socketPath(), settings), Bytes.EMPTY);
        }
        if (r.body() instanceof GlobalRequestBody.CancelStreamlocalForward c) {
            return (conn, req) -> new GlobalReply(of(conn).cancel(c.socketPath()), Bytes.EMPTY);
        }
        return null;
    }

    private static StreamLocalForwards of(SshConnection conn) {
        synchronized (conn.context()) {
            StreamLocalForwards f = (StreamLocalForwards) conn.context().get(KEY);
            if (f == null) {
                StreamLocalForwards created = new StreamLocalForwards();
                conn.context().put(KEY, created);
                conn.context().onCancel(created::closeAll);
                f = created;
            }
            return f;
        }
    }

    private boolean listen(SshConnection conn, String path, ServerSettings settings) {
        if (listeners.size() >= RemoteForwards.MAX_LISTENERS) {
            return false; // bounded per connection, as remote TCP forwards
        }
        String problem = StreamLocalPaths.problem(path);
        if (problem != null) {
            LOG.log(Level.DEBUG, "streamlocal-forward refused: {0}", problem);
            return false;
        }
        if (!ForwardPermissions.mayStreamLocal(conn.permissions()) || !settings.forwarding.streamRemote.allow(conn, path)
                || listeners.containsKey(path)) {
            return false;
        }
        Path file;
        ServerSocketChannel ss;
        try {
            file = Path.of(path);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                // sshd's StreamLocalBindUnlink: only with it may an existing file be replaced.
                if (!settings.forwarding.bindUnlink || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.log(Level.DEBUG, "streamlocal-forward refused: {0} exists", path);
                    return false;
                }
                Files.delete(file);
            }
            ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ss.bind(UnixDomainSocketAddress.of(file));
            } catch (IOException | RuntimeException e) {
                ss.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "streamlocal-forward bind failed", e);
            return false;
        }
        try {
            // sshd's default StreamLocalBindMask 0177: only the owner may connect.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.DEBUG, "could not restrict the socket's mode", e);
        }
        Listener l = new Listener(ss, file);
        listeners.put(path, l);
        if (conn.context().isCancelled()) { // closed meanwhile: closeAll may have run before the put
            cancel(path);
            return false;
        }
        settings.executor.execute(() -> acceptLoop(conn, l, path, settings));
        return true;
    }

    private void acceptLoop(SshConnection conn, Listener l, String path, ServerSettings settings) {
        while (l.socket().isOpen()) {
            SocketChannel s;
            try {
                s = l.socket().accept();
            } catch (IOException e) {
                return;
            }
            settings.executor.execute(() -> {
                try {
                    // OpenSSH PROTOCOL §2.4: string socket path, string reserved.
                    Channel ch = conn.openChannel(new ChannelOpenData.ForwardedStreamlocal(path, ""));
                    Splice.start(s, ch, settings.executor);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "forwarded-streamlocal open failed", e);
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // already failing
                    }
                }
            });
        }
    }

    private boolean cancel(String path) {
        Listener l = listeners.remove(path);
        if (l == null) {
            return false;
        }
        close(l);
        return true;
    }

    private void closeAll() {
        listeners.keySet().forEach(this::cancel);
    }

    private static void close(Listener l) {
        try {
            l.socket().close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing streamlocal listener", e);
        }
        try {
            Files.deleteIfExists(l.file());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove socket file " + l.file(), e);
        }
    }
}
