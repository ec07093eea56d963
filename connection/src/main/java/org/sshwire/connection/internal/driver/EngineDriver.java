package org.sshwire.connection.internal.driver;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sshwire.connection.SshEngine;
import org.sshwire.connection.SshEvent;

/**
 * One connection's engine behind its lock (DESIGN §3). Every command runs under the lock and
 * then moves what the engine produced into two ordered queues: bytes for the wire and events for
 * the application. Both are drained outside the lock — the bytes by the I/O driver's writer, the
 * events by one dispatching thread at a time — so no socket write and no user code ever runs
 * under it, and neither bytes nor events are reordered however many threads issue commands.
 *
 * <pre>{@code
 * EngineDriver d = new EngineDriver(engine, writer::kick, event -> handle(event));
 * d.run(e -> e.receive(bytes));
 * int taken = d.call(e -> e.connection().sendData(id, buf, 0, n));
 * }</pre>
 */
public final class EngineDriver {
    private static final System.Logger LOG = System.getLogger(EngineDriver.class.getName());

    private final SshEngine engine;
    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(); // guarded by itself
    private long outBytes; // guarded by out
    private final ArrayDeque<SshEvent> events = new ArrayDeque<>(); // guarded by itself
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private final Runnable kickWriter;
    private volatile Consumer<SshEvent> listener;
    private volatile boolean engineClosed;
    private long scheduledDeadline = Long.MAX_VALUE; // guarded by lock
    private ScheduledFuture<?> timer; // guarded by lock

    /**
     * @param kickWriter called (outside the lock) whenever bytes were queued or the engine closed
     * @param listener   receives every event in order, one at a time, outside the lock; it must
     *                   not block (hand user work to an executor)
     */
    public EngineDriver(SshEngine engine, Runnable kickWriter, Consumer<SshEvent> listener) {
        this.engine = engine;
        this.kickWriter = kickWriter;
        this.listener = listener;
    }

    public void setListener(Consumer<SshEvent> l) {
        this.listener = l;
    }

    /** Runs a command on the engine under its lock, then moves bytes and events along. */
    public <T> T call(Function<SshEngine, T> command) {
        T result;
        synchronized (lock) {
            result = command.apply(engine);
            drainLocked();
        }
        afterStep();
        return result;
    }

    public void run(Consumer<SshEngine> command) {
        call(e -> {
            command.accept(e);
            return null;
        });
    }

    /** Moves whatever the engine has (e.g. after the listener was set). */
    public void pump() {
        run(e -> { });
    }

    /** True once the transport closed; the writer closes the socket after the queue drained. */
    public boolean isEngineClosed() {
        return engineClosed;
    }

    // ---------------------------------------------------------------- for the writer

    /** The queued buffers in order (the same objects: write from the head, then {@link #written}). */
    public ByteBuffer[] pendingOutput() {
        synchronized (out) {
            return out.toArray(new ByteBuffer[0]);
        }
    }

    /**
     * Drops fully written buffers from the head of the queue and hands their arrays back to the
     * engine for later packets (the caller must not touch them again); returns the bytes still
     * queued.
     */
    public long written() {
        synchronized (out) {
            while (!out.isEmpty() && !out.peekFirst().hasRemaining()) {
                engine.releaseTransmit(out.pollFirst()); // the pool's own lock, not the engine's
            }
            long n = 0;
            for (ByteBuffer b : out) {
                n += b.remaining();
            }
            outBytes = n;
            out.notifyAll();
            return n;
        }
    }

    /** Bytes waiting for the socket. */
    public long backlog() {
        synchronized (out) {
            return outBytes;
        }
    }

    /**
     * Blocks while more than {@code limit} bytes wait for the socket, so a fast producer cannot
     * grow the queue without bound. Returns false if the engine closed meanwhile.
     */
    public boolean awaitBacklogBelow(long limit) throws InterruptedException {
        synchronized (out) {
            while (outBytes > limit && !engineClosed) {
                out.wait(1000);
            }
            return !engineClosed;
        }
    }

    /** Wakes threads waiting in {@link #awaitBacklogBelow} (the connection is gone). */
    public void wakeWaiters() {
        synchronized (out) {
            out.notifyAll();
        }
    }

    // ---------------------------------------------------------------- internals

    private void drainLocked() {
        for (int i = 0; i < 16 && engine.nextDeadlineNanos() == Long.MIN_VALUE; i++) {
            engine.onDeadline(System.nanoTime()); // the engine needs the time to arm a timer
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (ByteBuffer b; (b = engine.pollTransmit()) != null; moved = true) {
                synchronized (out) {
                    out.add(b);
                    outBytes += b.remaining();
                }
            }
            for (SshEvent e; (e = engine.pollEvent()) != null; moved = true) {
                synchronized (events) {
                    events.add(e);
                }
            }
        }
        engineClosed = engine.isClosed();
        scheduleLocked(engineClosed ? Long.MAX_VALUE : engine.nextDeadlineNanos());
    }

    private void scheduleLocked(long deadline) {
        if (deadline == scheduledDeadline) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        scheduledDeadline = deadline;
        if (deadline != Long.MAX_VALUE && deadline != Long.MIN_VALUE) {
            timer = Timers.at(deadline, this::onTimer);
        }
    }

    private void onTimer() {
        run(e -> {
            synchronized (lock) {
                scheduledDeadline = Long.MAX_VALUE;
                timer = null;
            }
            e.onDeadline(System.nanoTime());
        });
    }

    private void afterStep() {
        boolean kick;
        synchronized (out) {
            kick = !out.isEmpty() || engineClosed;
        }
        if (kick) {
            kickWriter.run();
        }
        dispatch();
    }

    private void dispatch() {
        while (dispatching.compareAndSet(false, true)) {
            try {
                for (;;) {
                    SshEvent e;
                    synchronized (events) {
                        e = events.poll();
                    }
                    if (e == null) {
                        break;
                    }
                    try {
                        listener.accept(e);
                    } catch (RuntimeException ex) {
                        LOG.log(Level.WARNING, "event listener failed on " + e, ex);
                    }
                }
            } finally {
                dispatching.set(false);
            }
            synchronized (events) {
                if (events.isEmpty()) {
                    return; // otherwise another thread queued events while we finished: go again
                }
            }
        }
    }
}
