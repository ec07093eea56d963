package org.sshwire.connection.internal.driver;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One engine over a non-blocking socket (DESIGN §3). The selector thread reads and feeds the
 * engine; whichever thread queued bytes tries one gathered, non-blocking write of everything
 * queued, outside the engine lock, and leaves the rest to the selector when the socket is full.
 * Reading pauses while more than {@link #MAX_BACKLOG} bytes wait to be written, so a peer that
 * does not read cannot make us queue without bound; the channel windows bound the rest.
 */
public final class NioConnection implements SelectorLoop.Ready {
    private static final System.Logger LOG = System.getLogger(NioConnection.class.getName());
    /** Bytes queued for the socket above which we stop reading from it. */
    public static final long MAX_BACKLOG = 1024 * 1024;
    /** Linux's TCP_QUICKACK, or null where the JDK does not offer it (see {@link #ackAtOnce}). */
    private static final SocketOption<Boolean> QUICKACK = quickAck();

    private final SocketChannel socket;
    private final SelectorLoop loop;
    private final EngineDriver driver;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SocketAddress remote;
    private final SocketAddress local;
    private volatile SelectionKey key;
    private volatile boolean awaitingWritable;
    private final ReadThrottle throttle;
    private volatile boolean socketClosed;
    /** Client bytes read before the engine existed (past a PROXY header), fed to it first. */
    private final ByteBuffer prefix;
    /** Until the login completes, every read acknowledges at once (selector thread only). */
    private boolean handshaking;

    private NioConnection(SocketChannel socket, SelectorLoop loop, SocketAddress remote, ByteBuffer prefix,
            Function<NioConnection, EngineDriver> driverFactory) throws IOException {
        this.socket = socket;
        this.loop = loop;
        this.remote = remote != null ? remote : socket.getRemoteAddress();
        this.prefix = prefix;
        this.local = socket.getLocalAddress();
        socket.configureBlocking(false);
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true); // no Nagle / delayed-ACK stalls
        this.driver = driverFactory.apply(this);
        this.throttle = new ReadThrottle(MAX_BACKLOG, driver::backlog, this::setReading);
        this.handshaking = QUICKACK != null && socket.supportedOptions().contains(QUICKACK);
    }

    private static SocketOption<Boolean> quickAck() {
        try {
            return jdk.net.ExtendedSocketOptions.TCP_QUICKACK;
        } catch (LinkageError e) {
            return null; // a runtime image without jdk.net
        }
    }

    /**
     * Sends the ACK for what arrived now instead of after Linux's delayed-ACK timer (40 ms).
     * OpenSSH's client keeps Nagle on until its session starts, and writes NEWKEYS and then
     * SERVICE_REQUEST as two small packets: the second waits until the first is acknowledged.
     * We have nothing to send after the peer's NEWKEYS, so the ACK was delayed, and so was every
     * login by OpenSSH's ssh, sftp and scp (tcpdump: 43 ms of an 82 ms {@code ssh host true}; sshd
     * shows the same stall). TCP_QUICKACK is not sticky (the kernel re-enters delayed-ACK mode once
     * we answer quickly), so it is set again before each read of the handshake.
     */
    private void ackAtOnce() {
        try {
            socket.setOption(QUICKACK, true);
        } catch (IOException | UnsupportedOperationException e) {
            handshaking = false; // not worth a failure: the ACK only comes later
        }
    }

    /**
     * Runs an engine over a connected socket on one of {@code loops}; the factory builds the
     * driver with {@link #kick} as its writer.
     */
    public static NioConnection start(SocketChannel socket, NioLoops loops, Function<NioConnection, EngineDriver> driverFactory)
            throws IOException {
        return start(socket, loops, null, null, driverFactory);
    }

    /**
     * As {@link #start(SocketChannel, NioLoops, Function)}, for a socket whose first bytes were
     * read already (a PROXY protocol header): {@code remote} is the client's address as the header
     * names it (null: the socket's), {@code prefix} the client bytes read past the header.
     */
    public static NioConnection start(SocketChannel socket, NioLoops loops, SocketAddress remote, ByteBuffer prefix,
            Function<NioConnection, EngineDriver> driverFactory) throws IOException {
        NioConnection c = new NioConnection(socket, loops.next(), remote, prefix, driverFactory);
        c.loop.execute(c::register);
        return c;
    }

    public EngineDriver driver() {
        return driver;
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) remote;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) local;
    }

    private void register() {
        try {
            key = socket.register(loop.selector, SelectionKey.OP_READ, this);
        } catch (IOException e) {
            fail(e);
            return;
        }
        throttle.reapply(); // a write before registration may have paused reading already
        driver.pump(); // the identification line, and anything queued before registration
        kick();
        if (prefix != null && prefix.hasRemaining() && !socketClosed) {
            try {
                driver.run(e -> e.receive(prefix));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "engine failed on input from " + remote + "; closing the connection", e);
                closeSocket();
                return;
            }
            throttle.update();
            kick();
        }
    }

    @Override
    public void ready(SelectionKey k) {
        try {
            if (k.isValid() && k.isWritable()) {
                awaitingWritable = false;
                k.interestOps(k.interestOps() & ~SelectionKey.OP_WRITE);
                kick();
            }
            if (k.isValid() && k.isReadable() && !throttle.paused()) {
                read();
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed by another thread between the checks: the connection is already going away
        }
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < 4 && !socketClosed; i++) { // a few reads per wake-up keep loops fair
            buf.clear();
            int n;
            if (handshaking) {
                ackAtOnce();
            }
            try {
                n = socket.read(buf);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (n < 0) {
                driver.run(e -> e.receiveEof());
                return;
            }
            if (n == 0) {
                return;
            }
            buf.flip();
            try {
                boolean loggedIn = driver.call(e -> {
                    e.receive(buf);
                    return handshaking && e.isAuthenticated(); // asked only until the login completes
                });
                if (loggedIn) {
                    handshaking = false;
                }
            } catch (RuntimeException e) {
                // The engine turns the peer's faults and throwing hooks into a DISCONNECT itself;
                // anything else is a bug of ours, and it must not leave the connection half alive.
                LOG.log(Level.WARNING, "engine failed on input from " + remote + "; closing the connection", e);
                closeSocket();
                return;
            }
            throttle.update();
            if (throttle.paused()) {
                return;
            }
        }
    }

    private void setReading(boolean reading) {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            return;
        }
        try {
            if (!reading) {
                k.interestOpsAnd(~SelectionKey.OP_READ);
            } else {
                k.interestOpsOr(SelectionKey.OP_READ);
                if (!loop.inLoop()) {
                    loop.selector.wakeup();
                }
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed by another thread meanwhile: nothing more to read
        }
    }

    /** Writes what the engine queued, now if the socket takes it (any thread, outside the engine lock). */
    public void kick() {
        for (;;) {
            if (!writeLock.tryLock()) {
                return; // the holder re-checks the queue after unlocking
            }
            try {
                writeAvailable();
            } finally {
                writeLock.unlock();
            }
            if (socketClosed || awaitingWritable || driver.backlog() == 0) {
                if (!socketClosed && driver.isEngineClosed() && driver.backlog() == 0) {
                    closeSocket();
                }
                return;
            }
        }
    }

    private void writeAvailable() {
        while (!socketClosed && !awaitingWritable) {
            ByteBuffer[] bufs = driver.pendingOutput();
            if (bufs.length == 0) {
                return;
            }
            try {
                socket.write(bufs); // one gathered write of everything the engine produced
            } catch (IOException e) {
                fail(e);
                return;
            }
            driver.written();
            throttle.update(); // after every write, so a drained queue always resumes reading
            if (bufs[bufs.length - 1].hasRemaining()) {
                SelectionKey k = key;
                if (k != null && k.isValid()) {
                    awaitingWritable = true;
                    k.interestOpsOr(SelectionKey.OP_WRITE);
                    if (!loop.inLoop()) {
                        loop.selector.wakeup();
                    }
                }
                return;
            }
        }
    }

    private void fail(IOException e) {
        LOG.log(Level.DEBUG, "socket to " + remote + " failed", e);
        closeSocket();
        driver.run(en -> en.receiveEof());
    }

    /** Closes the socket now (the engine learns of it as EOF). */
    public void closeSocket() {
        if (socketClosed) {
            return;
        }
        socketClosed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing socket", e);
        }
        driver.wakeWaiters();
        if (!driver.isEngineClosed()) {
            try {
                driver.run(en -> en.receiveEof());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "engine failed on the close of " + remote, e);
            }
        }
    }

    public boolean isClosed() {
        return socketClosed;
    }
}
