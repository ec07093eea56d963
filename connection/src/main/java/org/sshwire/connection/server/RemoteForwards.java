package org.sshwire.connection.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /** How long a cancel waits for its accept loop to leave accept() (it is woken at once; this only bounds it). */
    private static final long STOP_WAIT_MILLIS = 5_000;

    /** One listening socket and the signal that its accept loop has returned. */
    private record Listener(ServerSocket socket, CountDownLatch stopped) {
    }

    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();

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
        Listener l = new Listener(ss, new CountDownLatch(1));
        listeners.put(bindAddress + ":" + (port == 0 ? bound : port), l);
        settings.executor.execute(() -> {
            try {
                acceptLoop(conn, ss, bindAddress, bound, settings);
            } finally {
                l.stopped().countDown();
            }
        });
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
            if (ss.isClosed()) {
                closeQuietly(s); // came in as the forward was cancelled
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

    /**
     * Closes the listener and answers only once its accept loop has left accept(): a socket closed
     * while a thread is blocked there stays listening until that thread wakes (the JDK defers the
     * real close), and the client may rely on the port refusing once cancel-tcpip-forward is
     * answered, as sshd's close(2) gives.
     */
    private boolean cancel(String bindAddress, int port) {
        Listener l = listeners.remove(bindAddress + ":" + port);
        if (l == null) {
            return false;
        }
        closeQuietly(l.socket());
        try {
            if (!l.stopped().await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.DEBUG, "forward listener on {0}:{1} still stopping", bindAddress, String.valueOf(port));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private void closeAll() {
        listeners.values().forEach(l -> closeQuietly(l.socket()));
        listeners.clear();
    }

    private static void closeQuietly(java.io.Closeable ss) {
        try {
            ss.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing forward listener", e);
        }
    }
}
