package org.sshwire.connection.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A cap on receive-window growth shared by many connections (a server's, or the whole JVM's):
 * the bytes all auto-tuned windows ({@link WindowTuning}) hold above their initial sizes together.
 * A window that grows is a promise to buffer that much if the application stops reading, so the
 * promises of all connections are bounded here; growth that does not fit is not granted and the
 * channel keeps the window it has. Thread-safe: engines on different threads share one.
 *
 * <pre>{@code
 * WindowBudget perServer = new WindowBudget(512L << 20); // 512 MiB above the initial windows, all connections together
 * ConnectionConfig cfg = ConnectionConfig.server().withWindowTuning(new WindowTuning(32L << 20, perServer, System::nanoTime));
 * }</pre>
 */
public final class WindowBudget {
    /** {@link #shared()}'s limit: 1 GiB of growth across the JVM. */
    public static final long SHARED_LIMIT = 1L << 30;
    private static final WindowBudget SHARED = new WindowBudget(SHARED_LIMIT);

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public WindowBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("budget must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /** The JVM-wide budget the defaults use ({@link #SHARED_LIMIT}). */
    public static WindowBudget shared() {
        return SHARED;
    }

    public long limit() {
        return limit;
    }

    /** Bytes granted and not yet given back. */
    public long used() {
        return used.get();
    }

    /** Takes up to {@code wanted} bytes; returns what was granted (0 when the budget is spent). */
    long reserve(long wanted) {
        while (true) {
            long u = used.get();
            long granted = Math.max(0, Math.min(wanted, limit - u));
            if (granted == 0 || used.compareAndSet(u, u + granted)) {
                return granted;
            }
        }
    }

    void release(long n) {
        if (n > 0) {
            used.addAndGet(-n);
        }
    }
}
