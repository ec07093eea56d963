package org.sshwire.connection.internal.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * One engine over an {@link InputStream}/{@link OutputStream} pair (DESIGN §3): process pipes
 * such as {@code sshd -i}, or in-memory pipes. Streams block, so it uses two threads: a reader
 * feeding the engine and a writer draining its queue, which keeps a stalled writer from stopping
 * the reads that would un-stall the peer.
 *
 * <pre>{@code
 * Process sshd = new ProcessBuilder("sshd", "-i", ...).start();
 * StreamConnection c = StreamConnection.start(sshd.getInputStream(), sshd.getOutputStream(),
 *         "sshd-i", sc -> new EngineDriver(engine, sc::kick, listener));
 * }</pre>
 */
public final class StreamConnection {
    private static final System.Logger LOG = System.getLogger(StreamConnection.class.getName());

    private final InputStream in;
    private final OutputStream out;
    private final EngineDriver driver;
    private final Object signal = new Object();
    private boolean kicked; // guarded by signal
    private volatile boolean closed;

    private StreamConnection(InputStream in, OutputStream out, Function<StreamConnection, EngineDriver> driverFactory) {
        this.in = in;
        this.out = out;
        this.driver = driverFactory.apply(this);
    }

    public static StreamConnection start(InputStream in, OutputStream out, String name,
            Function<StreamConnection, EngineDriver> driverFactory) {
        StreamConnection c = new StreamConnection(in, out, driverFactory);
        Thread r = new Thread(c::readLoop, name + "-reader");
        Thread w = new Thread(c::writeLoop, name + "-writer");
        r.setDaemon(true);
        w.setDaemon(true);
        w.start();
        r.start();
        c.driver.pump();
        return c;
    }

    public EngineDriver driver() {
        return driver;
    }

    /** Wakes the writer (any thread). */
    public void kick() {
        synchronized (signal) {
            kicked = true;
            signal.notifyAll();
        }
    }

    private void readLoop() {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; !closed && (n = in.read(buf)) >= 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                driver.run(e -> e.receive(b));
                // Backpressure: do not read more while the writer is far behind.
                driver.awaitBacklogBelow(NioConnection.MAX_BACKLOG);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "stream read failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.run(e -> e.receiveEof());
    }

    private void writeLoop() {
        try {
            while (true) {
                synchronized (signal) {
                    while (!kicked) {
                        signal.wait();
                    }
                    kicked = false;
                }
                ByteBuffer[] bufs = driver.pendingOutput();
                for (ByteBuffer b : bufs) {
                    // OutputStream has no gather: write each, flush once per engine step
                    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                    b.position(b.limit());
                }
                if (bufs.length > 0) {
                    out.flush();
                }
                if (driver.written() == 0 && driver.isEngineClosed()) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "stream write failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Closes both streams; the engine sees EOF. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing output", e);
        }
        try {
            in.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing input", e);
        }
        driver.wakeWaiters();
        if (!driver.isEngineClosed()) {
            driver.run(e -> e.receiveEof());
        }
    }
}
