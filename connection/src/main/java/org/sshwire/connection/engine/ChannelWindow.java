package org.sshwire.connection.engine;

/**
 * One direction's flow-control window of a channel (RFC 4254 §5.2): how many data bytes may
 * still be sent before a WINDOW_ADJUST. Always within 0..2^32−1.
 *
 * <pre>{@code
 * ChannelWindow w = new ChannelWindow(32768);
 * w.consume(1000);            // true, 31768 left
 * w.grow(0xffffffffL);        // false: would exceed 2^32-1, window unchanged
 * }</pre>
 */
public final class ChannelWindow {
    /** RFC 4254 §5.2: "The window MUST NOT be increased above 2^32 - 1 bytes." */
    public static final long MAX = 0xffff_ffffL;

    private long available;

    public ChannelWindow(long initial) {
        if (initial < 0 || initial > MAX) {
            throw new IllegalArgumentException("window out of range 0..2^32-1: " + initial);
        }
        this.available = initial;
    }

    public long available() {
        return available;
    }

    /** Takes {@code n} bytes of credit; false (and no change) if fewer than {@code n} remain. */
    public boolean consume(long n) {
        if (n < 0 || n > available) {
            return false;
        }
        available -= n;
        return true;
    }

    /** Adds {@code n} bytes of credit; false (and no change) if the sum would exceed 2^32−1. */
    public boolean grow(long n) {
        if (n < 0 || n > MAX - available) {
            return false;
        }
        available += n;
        return true;
    }

    @Override
    public String toString() {
        return Long.toString(available);
    }
}
