package org.sshwire.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;

/**
 * A minimal test driver (DESIGN §3 allows lower-layer tests their own): runs a transport engine
 * over a stream pair, one reader thread, every engine call under one lock. It accepts the host
 * key when asked, so tests can look at what comes after.
 */
final class EngineStreamDriver implements AutoCloseable {
    private final TransportEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private final LinkedBlockingQueue<TransportEvent> events = new LinkedBlockingQueue<>();
    final List<TransportEvent> seen = new ArrayList<>();
    private final Thread reader;

    EngineStreamDriver(TransportEngine engine, InputStream in, OutputStream out) {
        this.engine = engine;
        this.in = in;
        this.out = out;
        this.reader = new Thread(this::readLoop, "sshwire-test-reader");
        this.reader.setDaemon(true);
        act(e -> { });
        reader.start();
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                act(e -> e.receive(b));
            }
        } catch (IOException ignored) {
            // the stream closing ends the session the same way as EOF
        }
        act(TransportEngine::receiveEof);
    }

    /** Runs an action on the engine, then sends what it produced and collects its events. */
    void act(Consumer<TransportEngine> action) {
        synchronized (engine) {
            action.accept(engine);
            for (TransportEvent ev; (ev = engine.pollEvent()) != null; ) {
                if (ev instanceof TransportEvent.HostKeyToVerify) {
                    engine.acceptHostKey();
                }
                events.add(ev);
            }
            try {
                for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
                    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                }
                out.flush();
            } catch (IOException e) {
                engine.receiveEof();
            }
        }
    }

    /** Waits for the next event of {@code type}; fails on a disconnect or the deadline. */
    <T extends TransportEvent> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            TransportEvent ev = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (ev == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; saw " + seen);
            }
            seen.add(ev);
            if (type.isInstance(ev)) {
                return type.cast(ev);
            }
            if (ev instanceof TransportEvent.Disconnected d) {
                throw new AssertionError("disconnected while waiting for " + type.getSimpleName() + ": " + d);
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
        in.close();
    }
}
