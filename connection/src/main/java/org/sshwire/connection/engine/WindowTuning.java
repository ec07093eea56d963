package org.sshwire.connection.engine;

/**
 * Receive windows sized to the path: a channel's window grows while the peer is held back by it,
 * as HPN-SSH's dynamic windows and QUIC's flow-control auto-tuning do (RFC 4254 §5.2 leaves the
 * window size to the receiver). OpenSSH's fixed 2 MiB window carries at most 20 MiB/s over a
 * 100 ms round trip, whatever the link.
 *
 * <p>The trigger is QUIC's receive-window auto-tuning (Chromium's {@code QuicFlowController}):
 * each time the application has consumed a whole window's worth, if that took less than two round
 * trips the window is what held the peer back. It then grows to what two round trips carry at
 * the rate the first half of that window came, and at least doubles; the next WINDOW_ADJUST
 * carries the extra credit. A pause of more than a round trip starts the count again. A slow
 * reader never triggers it, nor does a path whose bandwidth-delay product is well under the
 * window. The engine itself has no clock (DESIGN §2): the time comes from
 * {@code clock} (tests pass a fake one), and the round trip from the driver
 * ({@link ConnectionEngine#roundTrip}, measured with keepalive requests after authentication);
 * until it is known, windows keep their size.
 *
 * <p>Bounds: no channel's window grows beyond {@code maxWindow}; the growth of all channels of
 * one connection together is at most {@code maxWindow} too; and the growth of every connection
 * sharing {@code budget} stays within it. Growth is given back to the budget when the channel
 * is forgotten, when the engine fails, and, for connections that simply vanish, when the engine is
 * garbage-collected.
 *
 * <pre>{@code
 * ConnectionConfig cfg = ConnectionConfig.client().withWindowTuning(new WindowTuning(64L << 20, WindowBudget.shared(), System::nanoTime));
 * ConnectionConfig fixed = ConnectionConfig.client().withWindowTuning(WindowTuning.off()); // OpenSSH's behaviour
 * }</pre>
 *
 * @param maxWindow the largest window a channel grows to; 0 turns tuning off
 * @param budget    shared by the connections whose growth it bounds together
 * @param clock     monotonic nanoseconds ({@code System::nanoTime})
 */
public record WindowTuning(long maxWindow, WindowBudget budget, java.util.function.LongSupplier clock) {
    /**
     * The default largest window: 32 MiB, a 1 Gbit/s path's bandwidth-delay product at 250 ms
     * (HPN-SSH's default buffer ceiling is 16 MiB; OpenSSH's own window is 2 MiB).
     */
    public static final long DEFAULT_MAX_WINDOW = 32L << 20;

    public WindowTuning {
        if (budget == null || clock == null) {
            throw new NullPointerException("budget and clock");
        }
        if (maxWindow < 0 || maxWindow > ChannelWindow.MAX) {
            throw new IllegalArgumentException("maximum window out of range 0..2^32-1: " + maxWindow);
        }
    }

    /** Growth up to {@link #DEFAULT_MAX_WINDOW} per connection, within {@link WindowBudget#shared()}. */
    public static WindowTuning standard() {
        return new WindowTuning(DEFAULT_MAX_WINDOW, WindowBudget.shared(), System::nanoTime);
    }

    /** Windows stay at the size they were opened with. */
    public static WindowTuning off() {
        return new WindowTuning(0, WindowBudget.shared(), System::nanoTime);
    }

    public boolean enabled() {
        return maxWindow > 0;
    }
}
