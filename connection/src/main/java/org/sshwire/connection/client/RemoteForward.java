package org.sshwire.connection.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.wire.SshReader;

/**
 * A remote TCP forward ({@code ssh -R [bind_address:]port:host:hostport}): the server listens on
 * {@link #bindAddress()}:{@link #boundPort()} ({@code tcpip-forward}, RFC 4254 §7.1) and each
 * connection there reaches {@link #target()} from here. {@link #close()} sends
 * {@code cancel-tcpip-forward} and waits for the server's answer, so the server's port no longer
 * accepts once it returns.
 *
 * <pre>{@code
 * try (RemoteForward f = client.remoteForward("127.0.0.1", 0, "127.0.0.1", 8080)) {
 *     client.exec("curl -s http://127.0.0.1:" + f.boundPort() + "/").waitFor();
 * }
 * }</pre>
 */
public final class RemoteForward implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemoteForward.class.getName());

    private final SshConnection conn;
    private final ClientHooks hooks;
    private final String bindAddress;
    private final int boundPort;
    private final InetSocketAddress target;
    private final Duration replyTimeout;
    private final Consumer<? super RemoteForward> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RemoteForward(SshConnection conn, ClientHooks hooks, String bindAddress, int boundPort, InetSocketAddress target,
                          Duration replyTimeout, Consumer<? super RemoteForward> onClose) {
        this.conn = conn;
        this.hooks = hooks;
        this.bindAddress = bindAddress;
        this.boundPort = boundPort;
        this.target = target;
        this.replyTimeout = replyTimeout;
        this.onClose = onClose;
    }

    static RemoteForward start(SshConnection conn, ClientHooks hooks, String bindAddress, int bindPort, String targetHost,
                               int targetPort, Duration replyTimeout, Consumer<? super RemoteForward> onClose) throws IOException {
        if (bindPort < 0 || bindPort > 65535 || targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("ports out of range: " + bindPort + ", " + targetPort);
        }
        // Resolved for each connection, as ssh does, not once here.
        InetSocketAddress target = InetSocketAddress.createUnresolved(targetHost, targetPort);
        // The server may open forwarded-tcpip channels as soon as it has bound, so the mapping
        // must exist before the next message is dispatched: registered up front for a fixed port;
        // for port 0 on the reply itself, which the I/O thread completes before it reads on.
        if (bindPort != 0 && hooks.remoteForwards.putIfAbsent(key(bindAddress, bindPort), target) != null) {
            throw new IllegalStateException("already forwarding " + bindAddress + ":" + bindPort);
        }
        GlobalReply r;
        try {
            r = conn.sendGlobalRequestAsync(GlobalRequestBody.TCPIP_FORWARD, true,
                    new GlobalRequestBody.TcpipForward(bindAddress, bindPort).toBytes()).thenApply(reply -> {
                        if (reply.success() && bindPort == 0) {
                            hooks.remoteForwards.putIfAbsent(key(bindAddress, allocatedPort(reply)), target);
                        }
                        return reply;
                    }).get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hooks.remoteForwards.remove(key(bindAddress, bindPort), target);
            throw new InterruptedIOException("interrupted waiting for tcpip-forward");
        } catch (ExecutionException e) {
            hooks.remoteForwards.remove(key(bindAddress, bindPort), target);
            throw e.getCause() instanceof IOException io ? io : new IOException("tcpip-forward failed", e.getCause());
        } catch (TimeoutException e) {
            hooks.remoteForwards.remove(key(bindAddress, bindPort), target);
            throw new IOException("no answer to tcpip-forward within " + replyTimeout);
        }
        if (!r.success()) {
            hooks.remoteForwards.remove(key(bindAddress, bindPort), target);
            throw new IOException("the server refused to listen on " + bindAddress + ":" + bindPort);
        }
        int bound = bindPort == 0 ? allocatedPort(r) : bindPort;
        return new RemoteForward(conn, hooks, bindAddress, bound, target, replyTimeout, onClose);
    }

    /** RFC 4254 §7.1: the reply to a request for port 0 carries the port the server chose. */
    private static int allocatedPort(GlobalReply r) {
        try {
            long p = new SshReader(r.data()).readUint32();
            if (p < 1 || p > 65535) {
                throw new IllegalStateException("the server allocated port " + p);
            }
            return (int) p;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the server's tcpip-forward reply has no valid port", e);
        }
    }

    /** How forwarded-tcpip channels name their listener: the address as requested, and the bound port. */
    static String key(String bindAddress, int port) {
        return bindAddress + ":" + port;
    }

    /** The address the server was asked to listen on, as sent ("" or "0.0.0.0": all, "localhost": loopback). */
    public String bindAddress() {
        return bindAddress;
    }

    /** The port the server listens on (the one it chose when 0 was asked for). */
    public int boundPort() {
        return boundPort;
    }

    /** Where connections go from here (resolved for each connection). */
    public InetSocketAddress target() {
        return target;
    }

    /**
     * Stops forwarding: new connections to the server's port are refused here at once, and
     * {@code cancel-tcpip-forward} asks the server to stop listening; waits for its answer.
     * Connections already forwarded go on. Idempotent.
     */
    @Override
    public void close() {
        if (!forget() || !conn.isOpen()) {
            return;
        }
        try {
            GlobalReply r = conn.sendGlobalRequestAsync(GlobalRequestBody.CANCEL_TCPIP_FORWARD, true,
                    new GlobalRequestBody.CancelTcpipForward(bindAddress, boundPort).toBytes())
                    .get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!r.success()) {
                LOG.log(Level.WARNING, "the server refused cancel-tcpip-forward for {0}:{1}", bindAddress, String.valueOf(boundPort));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "cancel-tcpip-forward", e);
        }
    }

    /** Stops forwarding here only (the connection is closing); false if already closed. */
    boolean forget() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        hooks.remoteForwards.remove(key(bindAddress, boundPort), target);
        onClose.accept(this);
        return true;
    }
}
