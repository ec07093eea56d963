package org.sshwire.connection.internal.driver;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads the PROXY protocol header of a connection from a trusted load balancer, non-blocking on a
 * selector loop, before any SSH byte is sent. Why on the loop rather than a blocking pre-read:
 * a load balancer's connection sends its header at once, but a slow or hostile one must cost
 * neither a thread nor the acceptor's time; here it costs one key and at most the header's
 * bytes (v1: 107; v2: 16, then 16 plus the length field, allocated only once that is read).
 * The whole header must arrive within {@code timeout} (the server's LoginGraceTime), else the
 * socket is closed. On success the key is cancelled and {@code onHeader} gets the header and the
 * client bytes read past it (a v1 line is read in 107-byte chunks), which the SSH engine must see
 * first; on a malformed header the socket is closed, nothing written, and the reason logged.
 */
public final class ProxyHeaderReader implements SelectorLoop.Ready {
    private static final System.Logger LOG = System.getLogger(ProxyHeaderReader.class.getName());

    private final SocketChannel socket;
    private final SocketAddress peer;
    private final BiConsumer<ProxyHeader, ByteBuffer> onHeader;
    private final Runnable onFailed;
    private ByteBuffer buf = ByteBuffer.allocate(ProxyHeader.V2_FIXED);
    private volatile SelectionKey key;
    private volatile ScheduledFuture<?> deadline;
    private boolean done;

    private ProxyHeaderReader(SocketChannel socket, SocketAddress peer, BiConsumer<ProxyHeader, ByteBuffer> onHeader,
            Runnable onFailed) {
        this.socket = socket;
        this.peer = peer;
        this.onHeader = onHeader;
        this.onFailed = onFailed;
    }

    /**
     * Starts reading {@code socket}'s header on the next loop of {@code loops}; exactly one of
     * {@code onHeader} and {@code onFailed} (after the socket is closed) runs, on that loop.
     */
    public static void start(SocketChannel socket, SocketAddress peer, NioLoops loops, Duration timeout,
            BiConsumer<ProxyHeader, ByteBuffer> onHeader, Runnable onFailed) throws IOException {
        socket.configureBlocking(false);
        ProxyHeaderReader r = new ProxyHeaderReader(socket, peer, onHeader, onFailed);
        SelectorLoop loop = loops.next();
        // LoginGraceTime 0 means no limit in sshd; a header still gets sshd's default, 120 s.
        Duration limit = timeout.isZero() || timeout.isNegative() ? Duration.ofSeconds(120) : timeout;
        r.deadline = Timers.shared().schedule(() -> loop.execute(r::expire), limit.toNanos(), TimeUnit.NANOSECONDS);
        loop.execute(() -> {
            try {
                r.key = socket.register(loop.selector, SelectionKey.OP_READ, r);
            } catch (IOException | RuntimeException e) {
                r.fail("cannot register the socket: " + e);
            }
        });
    }

    @Override
    public void ready(SelectionKey k) {
        if (done || !k.isValid() || !k.isReadable()) {
            return;
        }
        try {
            int n = socket.read(buf);
            if (n < 0) {
                fail("closed before the end of its PROXY header");
                return;
            }
            ProxyHeader.Result r = ProxyHeader.parse(buf.array(), buf.position());
            if (r instanceof ProxyHeader.Incomplete more) {
                if (more.bufferSize() > buf.capacity()) {
                    buf = ByteBuffer.allocate(more.bufferSize()).put(buf.flip());
                }
                return;
            }
            ProxyHeader h = ((ProxyHeader.Complete) r).header();
            done = true;
            deadline.cancel(false);
            // The selector deregisters a cancelled key at its next select, before the connection's
            // own registration (a task run after that select) can reach the same selector.
            k.cancel();
            ByteBuffer rest = buf.flip().position(h.length()).slice();
            onHeader.accept(h, rest);
        } catch (ProxyHeader.Malformed e) {
            fail(e.getMessage());
        } catch (IOException e) {
            fail(e.toString());
        }
    }

    private void expire() {
        if (!done) {
            fail("no complete PROXY header within the login grace time");
        }
    }

    private void fail(String why) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        LOG.log(Level.INFO, "connection from load balancer {0} closed: {1}", peer, why);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing socket", e);
        }
        onFailed.run();
    }
}
