package org.sshwire.connection.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import org.sshwire.transport.wire.SshWriter;

/**
 * {@code tcpip-forward} / {@code cancel-tcpip-forward} (remote forwarding, {@code ssh -R}): the
 * server listens, and opens a {@code forwarded-tcpip} channel per accepted connection. Listeners
 * are closed with the connection.
 */
final class RemoteForwards {
    private static final System.Logger LOG = System.getLogger(RemoteForwards.class.getName());
    private static final String KEY = RemoteForwards.class.getName();

    /**
     * Listening sockets one connection may hold (DESIGN §6: every per-connection store bounded;
     * each costs a socket and an accepting thread). sshd has no such count, only its fd limit.
     */
    static final int MAX_LISTENERS = 64;

    private final Map<String, ServerSocket> listeners = new ConcurrentHashMap<>();

    private RemoteForwards() {
    }

    static GlobalRequestHandler handlerFor(ConnectionEvent.GlobalRequestReceived r, ServerSettings settings) {
        if (r.body() instanceof GlobalRequestBody.TcpipForward f) {
            return (conn, req) -> of(conn).listen(conn, f.bindAddress(), (int) f.bindPort(), settings);
        }
        if (r.body() instanceof GlobalRequestBody.CancelTcpipForward c) {
            return (conn, req) -> new GlobalReply(of(conn).cancel(c.bindAddress(), (int) c.bindPort()), Bytes.EMPTY);
        }
        return null;
    }

    private static RemoteForwards of(SshConnection conn) {
        synchronized (conn.context()) {
            RemoteForwards f = (RemoteForwards) conn.context().get(KEY);
            if (f == null) {
                RemoteForwards created = new RemoteForwards();
                conn.context().put(KEY, created);
                conn.context().onCancel(created::closeAll);
                f = created;
            }
            return f;
        }
    }

    private GlobalReply listen(SshConnection conn, String bindAddress, int port, ServerSettings settings) throws IOException {
        String host = bindAddress.isEmpty() || bindAddress.equals("localhost") ? "127.0.0.1" : bindAddress;
        if (!ForwardPermissions.mayListen(conn.permissions(), host, port) || !settings.forwarding.remote.allow(conn, host, port)) {
            return new GlobalReply(false, Bytes.EMPTY);
        }
        if (listeners.size() >= MAX_LISTENERS) {
            LOG.log(Level.INFO, "{0}: {1} remote forwards already, refusing another", conn.remoteAddress(), MAX_LISTENERS);
            return new GlobalReply(false, Bytes.EMPTY);
        }
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        int bound = ss.getLocalPort();
        listeners.put(bindAddress + ":" + (port == 0 ? bound : port), ss);
        settings.executor.execute(() -> acceptLoop(conn, ss, bindAddress, bound, settings));
        // RFC 4254 §7.1: the allocated port is returned only when port 0 was asked for.
        return new GlobalReply(true, port == 0 ? new SshWriter().writeUint32(bound).toBytes() : Bytes.EMPTY);
    }

    private void acceptLoop(SshConnection conn, ServerSocket ss, String bindAddress, int port, ServerSettings settings) {
        while (!ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return;
            }
            settings.executor.execute(() -> {
                try {
                    s.setTcpNoDelay(true);
                    InetSocketAddress from = (InetSocketAddress) s.getRemoteSocketAddress();
                    Channel ch = conn.openChannel(new ChannelOpenData.ForwardedTcpip(bindAddress, port,
                            from.getAddress().getHostAddress(), from.getPort()));
                    Splice.start(s, ch, settings.executor);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "forwarded-tcpip open failed", e);
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // already failing
                    }
                }
            });
        }
    }

    private boolean cancel(String bindAddress, int port) {
        ServerSocket ss = listeners.remove(bindAddress + ":" + port);
        if (ss == null) {
            return false;
        }
        closeQuietly(ss);
        return true;
    }

    private void closeAll() {
        listeners.values().forEach(RemoteForwards::closeQuietly);
        listeners.clear();
    }

    private static void closeQuietly(ServerSocket ss) {
        try {
            ss.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing forward listener", e);
        }
    }
}
