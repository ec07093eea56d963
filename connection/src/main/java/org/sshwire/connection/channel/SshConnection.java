package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sshwire.auth.Permissions;
import org.sshwire.connection.SshEvent;
import org.sshwire.connection.internal.driver.EngineDriver;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.connection.internal.channel.ConnectionHooks;
import org.sshwire.connection.internal.channel.ConnectionInternals;

/**
 * One SSH connection as the application sees it (Go's {@code ssh.Conn}): channels, global
 * requests, metadata and its close. Both {@code SshServer} and {@code SshClient} hand these out.
 *
 * <pre>{@code
 * GlobalReply r = conn.sendGlobalRequest("keepalive@openssh.com", true, Bytes.EMPTY);
 * Channel ch = conn.openChannel(new ChannelOpenData.DirectTcpip("127.0.0.1", 80, "127.0.0.1", 0));
 * conn.close();
 * conn.awaitClose();
 * }</pre>
 */
public final class SshConnection {
    private static final System.Logger LOG = System.getLogger(SshConnection.class.getName());

    private final ConnectionHooks hooks;
    private final ChannelTap tap;
    private final Map<Integer, Channel> channels = new ConcurrentHashMap<>();
    private final ArrayDeque<CompletableFuture<GlobalReply>> globalReplies = new ArrayDeque<>(); // guarded by itself
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ConnectionContext context = new ConnectionContext();
    private EngineDriver driver;
    private InetSocketAddress remote;
    private InetSocketAddress local;
    private volatile String user;
    private volatile Permissions permissions;
    private volatile ConnectionInfo info;
    private volatile Runnable closeTransport = () -> { };
    private volatile long lastActivityNanos = System.nanoTime();

    static {
        ConnectionInternals.register(new ConnectionInternals.Access() {
            @Override
            public SshConnection create(ConnectionHooks hooks, ChannelTap tap) {
                return new SshConnection(hooks, tap);
            }

            @Override
            public EngineDriver bind(SshConnection c, EngineDriver d, InetSocketAddress remote, InetSocketAddress local) {
                return c.bind(d, remote, local);
            }

            @Override
            public void onCloseTransport(SshConnection c, Runnable closeTransport) {
                c.closeTransport = closeTransport;
            }

            @Override
            public EngineDriver driver(SshConnection c) {
                return c.driver;
            }

            @Override
            public void authenticated(SshConnection c, String user, Permissions permissions) {
                c.authenticated(user, permissions);
            }

            @Override
            public void onEvent(SshConnection c, SshEvent event) {
                c.onEvent(event);
            }
        });
    }

    private SshConnection(ConnectionHooks hooks, ChannelTap tap) {
        this.hooks = hooks;
        this.tap = tap;
    }

    private EngineDriver bind(EngineDriver d, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
        this.driver = d;
        this.remote = remoteAddress;
        this.local = localAddress;
        return d;
    }

    EngineDriver driver() {
        return driver;
    }

    // ---------------------------------------------------------------- metadata

    /** The authenticated user, or null before authentication. */
    public String user() {
        return user;
    }

    /** Server side: what authentication allowed (forced command, permitopen, ...); null on a client. */
    public Permissions permissions() {
        return permissions;
    }

    private void authenticated(String user, Permissions permissions) {
        this.user = user;
        this.permissions = permissions;
        this.info = driver.call(e -> e.transport().connectionInfo());
    }

    /** Versions, session id, negotiated algorithms and host key, or null before the first key exchange. */
    public ConnectionInfo info() {
        ConnectionInfo i = info;
        return i != null ? i : driver.call(e -> e.transport().connectionInfo());
    }

    public Bytes sessionId() {
        ConnectionInfo i = info();
        return i == null ? null : i.sessionId();
    }

    public String clientVersion() {
        ConnectionInfo i = info();
        return i == null ? null : i.clientVersion();
    }

    public String serverVersion() {
        ConnectionInfo i = info();
        return i == null ? null : i.serverVersion();
    }

    public InetSocketAddress remoteAddress() {
        return remote;
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    /** Cancelled when the connection closes. */
    public ConnectionContext context() {
        return context;
    }

    // ---------------------------------------------------------------- commands

    /**
     * Opens a channel and waits for the peer's answer.
     *
     * @throws ChannelOpenException when the peer refuses, with its reason code
     */
    public Channel openChannel(String type, Bytes data) throws IOException {
        Channel ch = driver.call(e -> {
            if (e.isClosed()) {
                return null;
            }
            int id = e.connection().openChannel(type, data);
            Channel c = new Channel(this, id, type);
            channels.put(id, c);
            return c;
        });
        if (ch == null) {
            throw new IOException("connection closed");
        }
        try {
            ch.opened.get();
            return ch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    public Channel openChannel(ChannelOpenData data) throws IOException {
        return openChannel(data.channelType(), data.toBytes());
    }

    /** Accepts the peer's channel open; the channel is live when this returns. */
    public Channel acceptChannel(ConnectionEvent.ChannelOpenRequested open) {
        return acceptChannel(open, null);
    }

    /**
     * Accepts the peer's channel open with {@code requests} already handling its channel requests
     * ({@link Channel#onRequest}), so none that the peer sends right after the confirmation is
     * refused for want of a handler (a relay accepting off the I/O thread needs this).
     *
     * <pre>{@code
     * Channel ch = conn.acceptChannel(open, r -> queue.execute(() -> relay(r)));
     * }</pre>
     */
    public Channel acceptChannel(ConnectionEvent.ChannelOpenRequested open,
                                 java.util.function.Consumer<ConnectionEvent.ChannelRequestReceived> requests) {
        return driver.call(e -> {
            Channel c = new Channel(this, open.channel(), open.channelType());
            if (requests != null) {
                c.onRequest(requests);
            }
            channels.put(open.channel(), c);
            e.connection().acceptChannel(open.channel());
            c.opened.complete(Bytes.EMPTY);
            return c;
        });
    }

    public void rejectChannel(ConnectionEvent.ChannelOpenRequested open, OpenFailureReason reason, String description) {
        driver.run(e -> e.connection().rejectChannel(open.channel(), reason, description));
    }

    /** Sends a global request; with {@code wantReply} waits for the answer (failure if the connection closes). */
    public GlobalReply sendGlobalRequest(String name, boolean wantReply, Bytes data) throws IOException {
        try {
            return sendGlobalRequestAsync(name, wantReply, data).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /** Like {@link #sendGlobalRequest} without waiting; the future completes with the reply. */
    public CompletableFuture<GlobalReply> sendGlobalRequestAsync(String name, boolean wantReply, Bytes data) {
        CompletableFuture<GlobalReply> f = new CompletableFuture<>();
        driver.run(e -> {
            if (e.isClosed()) {
                f.complete(new GlobalReply(false, Bytes.EMPTY));
                return;
            }
            if (wantReply) {
                synchronized (globalReplies) {
                    globalReplies.add(f);
                }
            }
            e.connection().sendGlobalRequest(name, wantReply, data);
        });
        if (!wantReply) {
            f.complete(new GlobalReply(true, Bytes.EMPTY));
        }
        return f;
    }

    /** Answers the oldest of the peer's want-reply global requests. */
    public void replyGlobalRequest(boolean success, Bytes data) {
        driver.run(e -> e.connection().replyGlobalRequest(success, data));
    }

    /** Sends DISCONNECT (by application) and closes the transport after it. */
    public void close() {
        close("closed by application");
    }

    /**
     * Sends DISCONNECT BY_APPLICATION with {@code description} (OpenSSH's ssh prints it:
     * "Received disconnect from HOST port N:11: DESCRIPTION") and closes the transport after it.
     */
    public void close(String description) {
        java.util.Objects.requireNonNull(description, "description");
        driver.run(e -> {
            if (!e.isClosed()) {
                e.transport().disconnect(DisconnectReason.BY_APPLICATION, description);
            }
        });
    }

    /** Closes the socket at once, without DISCONNECT. */
    public void abort() {
        closeTransport.run();
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Completes when the connection is gone. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    public void awaitClose() throws InterruptedException {
        try {
            closed.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean awaitClose(Duration timeout) throws InterruptedException {
        try {
            closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** When the peer last sent anything, in {@link System#nanoTime()} terms. */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Channels currently known. */
    public List<Channel> channels() {
        return List.copyOf(channels.values());
    }

    // ---------------------------------------------------------------- dispatch (I/O thread)

    boolean tapping() {
        return tap != null;
    }

    void tap(Channel ch, ChannelTap.Direction dir, int stream, Bytes data) {
        if (tap != null) {
            tap.onData(ch, dir, stream, data);
        }
    }

    private void onEvent(SshEvent event) {
        lastActivityNanos = System.nanoTime();
        if (event instanceof SshEvent.Connection c) {
            onConnectionEvent(c.event());
        } else if (event instanceof SshEvent.Transport t && t.event() instanceof TransportEvent.Disconnected d) {
            LOG.log(Level.DEBUG, "disconnected: {0}", d);
            hooks.onEvent(this, event);
            closeAll();
        } else {
            hooks.onEvent(this, event);
        }
    }

    private void onConnectionEvent(ConnectionEvent e) {
        if (e instanceof ConnectionEvent.ChannelEvent ce && !(e instanceof ConnectionEvent.ChannelOpenRequested)) {
            Channel ch = channels.get(ce.channel());
            if (ch == null) {
                if (e instanceof ConnectionEvent.ChannelDataReceived d) {
                    try {
                        driver.run(en -> en.connection().consumed(d.channel(), d.data().length()));
                    } catch (IllegalStateException gone) {
                        LOG.log(Level.DEBUG, "data for a forgotten channel", gone);
                    }
                }
                return;
            }
            onChannelEvent(ch, e);
        } else if (e instanceof ConnectionEvent.ChannelOpenRequested o) {
            hooks.onChannelOpen(this, o);
        } else if (e instanceof ConnectionEvent.GlobalRequestReceived g) {
            hooks.onGlobalRequest(this, g);
        } else if (e instanceof ConnectionEvent.GlobalRequestReplied r) {
            CompletableFuture<GlobalReply> f;
            synchronized (globalReplies) {
                f = globalReplies.poll();
            }
            if (f != null) {
                f.complete(new GlobalReply(r.success(), r.data()));
            }
        } else {
            hooks.onEvent(this, new SshEvent.Connection(e));
        }
    }

    private void onChannelEvent(Channel ch, ConnectionEvent e) {
        if (e instanceof ConnectionEvent.ChannelDataReceived d) {
            ch.data(0, d.data());
        } else if (e instanceof ConnectionEvent.ChannelExtendedDataReceived x) {
            if (x.dataType() == 1) {
                ch.data(1, x.data());
            } else {
                ch.consumed(x.data().length()); // other types have no reader
            }
        } else if (e instanceof ConnectionEvent.ChannelEofReceived) {
            ch.eof();
        } else if (e instanceof ConnectionEvent.ChannelWindowAdjusted) {
            ch.windowChanged();
        } else if (e instanceof ConnectionEvent.ChannelOpenConfirmed c) {
            ch.opened.complete(c.data());
            ch.windowChanged();
        } else if (e instanceof ConnectionEvent.ChannelOpenFailed f) {
            channels.remove(ch.id());
            ch.opened.completeExceptionally(new ChannelOpenException(f.reasonCode(), f.description()));
            ch.closed();
        } else if (e instanceof ConnectionEvent.ChannelRequestReceived r) {
            ch.request(r);
        } else if (e instanceof ConnectionEvent.ChannelRequestReplied r) {
            ch.replied(r.success());
        } else if (e instanceof ConnectionEvent.ChannelClosed) {
            channels.remove(ch.id());
            ch.closed();
        }
    }

    private void closeAll() {
        for (Channel ch : channels.values()) {
            ch.closed();
        }
        channels.clear();
        List<CompletableFuture<GlobalReply>> pending;
        synchronized (globalReplies) {
            pending = List.copyOf(globalReplies);
            globalReplies.clear();
        }
        pending.forEach(f -> f.complete(new GlobalReply(false, Bytes.EMPTY)));
        driver.wakeWaiters();
        context.cancel();
        hooks.onClosed(this);
        closed.complete(null);
    }
}
