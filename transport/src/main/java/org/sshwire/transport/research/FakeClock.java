package org.sshwire.transport.research;

import java.time.Duration;

/**
 * A clock for sans-IO engines in tests and experiments (DESIGN §2: engines take time only as an
 * argument): it moves only when told, so timers — rekey by time, keepalives, login grace — fire
 * exactly when a test says, never by wall-clock luck. Values are in the engines' convention
 * ({@link System#nanoTime()}-like, compared by difference).
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * clock.advance(Duration.ofHours(1));
 * engine.onDeadline(clock.nanos());
 * }</pre>
 */
public final class FakeClock {
    private long nanos;

    /** Starts at 0. */
    public FakeClock() {
        this(0);
    }

    public FakeClock(long startNanos) {
        this.nanos = startNanos;
    }

    public long nanos() {
        return nanos;
    }

    /** Moves the clock forward by {@code d} (not backwards: time in the engines never runs back). */
    public FakeClock advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not run backwards: " + d);
        }
        nanos += d.toNanos();
        return this;
    }
}
