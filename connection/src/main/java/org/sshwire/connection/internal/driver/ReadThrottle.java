package org.sshwire.connection.internal.driver;

import java.util.function.LongSupplier;

/**
 * Whether a connection reads from its socket, decided from how many bytes wait to be written:
 * reading pauses above {@code high} and resumes at or below half of it, so a peer that sends but
 * does not read cannot make us queue without bound.
 *
 * <p>The reader (after feeding the engine) and every writer (after a write) call {@link #update}.
 * Each decision reads the backlog inside this lock, so whichever call comes last sees the latest
 * backlog: a writer that drains the queue just as the reader decides to pause still resumes
 * reading. Deciding on a backlog read before the lock once paused a connection for good — the
 * queue was empty, nobody was left to resume, and with both channel windows shut both sides
 * waited for each other.
 */
final class ReadThrottle {
    /** Applies a decision to the socket's interest set; runs under the throttle's lock. */
    interface Reading {
        void set(boolean reading);
    }

    private final long high;
    private final LongSupplier backlog;
    private final Reading reading;
    private volatile boolean paused; // written under this

    ReadThrottle(long high, LongSupplier backlog, Reading reading) {
        this.high = high;
        this.backlog = backlog;
        this.reading = reading;
    }

    boolean paused() {
        return paused;
    }

    /** Applies the current decision again (once the socket is registered and can take it). */
    synchronized void reapply() {
        reading.set(!paused);
    }

    /** Pauses or resumes reading as the backlog now requires. */
    synchronized void update() {
        long now = backlog.getAsLong();
        boolean pause = paused ? now > high / 2 : now > high;
        if (pause != paused) {
            paused = pause;
            reading.set(!pause);
        }
    }
}
