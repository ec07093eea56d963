package org.sshwire.connection.engine;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One engine's side of {@link WindowTuning}: decides when a channel's receive window doubles,
 * and keeps what this connection took from the shared {@link WindowBudget} so that it can be
 * given back. The engine is single-threaded; only the count handed back by the cleaner is
 * touched from another thread, hence the atomic.
 */
final class WindowGrowth {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "sshwire-window-budget-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final WindowTuning tuning;
    /** Growth this connection holds from the budget, all channels together. */
    private final AtomicLong held = new AtomicLong();
    private long rttNanos;

    WindowGrowth(WindowTuning tuning, Object owner) {
        this.tuning = tuning;
        if (tuning.enabled()) {
            // A connection that vanishes without closing its channels (a reset mid-transfer) gives
            // its growth back when its engine is collected. The action must not reach the owner.
            AtomicLong h = held;
            WindowBudget b = tuning.budget();
            CLEANER.register(owner, () -> b.release(h.getAndSet(0)));
        }
    }

    /** The round trip the driver measured ({@link ConnectionEngine#roundTrip}); 0 while unknown: no growth. */
    void roundTrip(long nanos) {
        rttNanos = Math.max(0, nanos);
    }

    long roundTrip() {
        return rttNanos;
    }

    /**
     * The application consumed {@code n} bytes of {@code ch}: returns extra credit to add to its
     * window now (0: none), recorded in the channel and taken from the budget. The trigger is
     * QUIC's receive-window auto-tuning (Chromium's QuicFlowController::MaybeIncreaseMaxWindowSize):
     * each time a whole window's worth has been consumed, if that took less than two round
     * trips, the window was what limited the peer. It then grows to what two round trips carry
     * at the rate the first half of that window came (the bandwidth-delay product, with a round
     * trip to spare for the adjust), and at least doubles. A peer held back by the window sends
     * each window as a burst at the path's rate, so on a long fast path the window reaches the
     * path's size in one round trip instead of one doubling per round trip (2 to 32 MiB took
     * five). A pause longer than a round trip (the application waited for something else, or
     * the peer had nothing to send) starts the count again: it says nothing about the path.
     */
    long consumed(ChannelState ch, long n) {
        if (!tuning.enabled() || rttNanos <= 0 || n <= 0) {
            return 0;
        }
        long now = tuning.clock().getAsLong();
        if (ch.epochConsumed == 0 || now - ch.lastConsumed > rttNanos) {
            ch.epochStart = now;
            ch.epochConsumed = 0;
            ch.epochHalfTook = -1;
        }
        ch.lastConsumed = now;
        ch.epochConsumed += n;
        long target = ch.localTarget;
        if (ch.epochHalfTook < 0 && 2 * ch.epochConsumed >= target) {
            ch.epochHalfTook = now - ch.epochStart;
        }
        if (ch.epochConsumed < target) {
            return 0;
        }
        long elapsed = now - ch.epochStart;
        long half = ch.epochHalfTook;
        ch.epochConsumed = 0;
        if (elapsed >= 2 * rttNanos || target >= tuning.maxWindow()) {
            return 0;
        }
        double pathWindow = half <= 0 ? Double.MAX_VALUE : (target / 2.0) * 2 * rttNanos / half;
        long grownTo = (long) Math.min(tuning.maxWindow(), Math.max(2.0 * target, pathWindow));
        long want = Math.min(Math.max(grownTo - target, ch.localMaxPacket), tuning.maxWindow() - target);
        want = Math.min(want, tuning.maxWindow() - held.get());
        if (want < ch.localMaxPacket) {
            return 0;
        }
        long granted = tuning.budget().reserve(want);
        if (granted < ch.localMaxPacket) {
            tuning.budget().release(granted);
            return 0;
        }
        held.addAndGet(granted);
        ch.localTarget += granted;
        ch.grownBy += granted;
        return granted;
    }

    /** Undoes a {@link #grow} whose WINDOW_ADJUST could not be sent (the window would overflow). */
    void undo(ChannelState ch, long granted) {
        ch.localTarget -= granted;
        ch.grownBy -= granted;
        release(granted);
    }

    /** The channel is forgotten: its growth goes back to the budget. */
    void forget(ChannelState ch) {
        release(ch.grownBy);
        ch.grownBy = 0;
    }

    /** The engine failed: every channel's growth goes back. */
    void releaseAll() {
        tuning.budget().release(held.getAndSet(0));
    }

    private void release(long n) {
        if (n > 0) {
            long taken = Math.min(n, held.get());
            held.addAndGet(-taken);
            tuning.budget().release(taken);
        }
    }
}
