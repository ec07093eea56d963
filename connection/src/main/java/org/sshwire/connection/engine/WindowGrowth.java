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
     * window now (0: none), recorded in the channel and taken from the budget. The rule is
     * QUIC's receive-window auto-tuning (Chromium's QuicFlowController::MaybeIncreaseMaxWindowSize):
     * each time a whole window's worth has been consumed, if that took less than two round
     * trips, the window was what limited the peer, so it doubles.
     */
    long consumed(ChannelState ch, long n) {
        if (!tuning.enabled() || rttNanos <= 0 || n <= 0) {
            return 0;
        }
        long now = tuning.clock().getAsLong();
        if (ch.epochConsumed == 0) {
            ch.epochStart = now;
        }
        ch.epochConsumed += n;
        long target = ch.localTarget;
        if (ch.epochConsumed < target) {
            return 0;
        }
        boolean fast = now - ch.epochStart < 2 * rttNanos;
        ch.epochConsumed = 0;
        if (!fast || target >= tuning.maxWindow()) {
            return 0;
        }
        long want = Math.min(Math.max(target, ch.localMaxPacket), tuning.maxWindow() - target);
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
