package org.sshwire.connection.engine;

/**
 * The peer's window on one channel as the sender sees it (RFC 4254 §5.2): the credit left, and
 * how much of it to use now under a send-ahead limit.
 *
 * <p>Why not always the whole window: a receiver buffers what it was sent until its application
 * takes it, so a full window costs it memory and copies (OpenSSH's ssh grows one buffer 32 KiB
 * at a time by copying) while buying nothing once the round trip is short. With a limit, at most
 * that many bytes are outstanding — sent and not yet given back with WINDOW_ADJUST — beyond the
 * highest credit the peer has held.
 *
 * <p>The limit must never wait for credit the peer will only return once more is outstanding.
 * §5.2 leaves to the receiver when it adjusts; what we can see is how much it returned at once,
 * which is at least what it waited for. So the limit applies only after a first adjust, and
 * never below twice the largest adjust seen, nor below four of the peer's maximum packets
 * (OpenSSH and our {@link WindowPolicy#standard()} adjust after three): a peer that adjusts at
 * half its window (1 MiB of a 2 MiB window) gets the whole window; OpenSSH, which adjusts every
 * ~100 KiB, gets the limit.
 */
final class PeerWindow {
    private final ChannelWindow window;
    private final long maxPacket;
    /** The most credit the peer has held at once: its window when nothing is outstanding. */
    private long high;
    /** The largest WINDOW_ADJUST seen; 0 before the first. */
    private long largestAdjust;

    PeerWindow(long initial, long maxPacket) {
        window = new ChannelWindow(initial);
        this.maxPacket = maxPacket;
        high = initial;
    }

    long available() {
        return window.available();
    }

    boolean consume(long n) {
        return window.consume(n);
    }

    /** A WINDOW_ADJUST; false (and no change) if it would overflow 2^32−1. */
    boolean grow(long n) {
        if (!window.grow(n)) {
            return false;
        }
        largestAdjust = Math.max(largestAdjust, n);
        high = Math.max(high, window.available());
        return true;
    }

    /** Bytes to send now: the window, less whatever the send-ahead {@code limit} holds back. */
    long sendable(long limit) {
        long available = window.available();
        long cap = Math.max(limit, Math.max(2 * largestAdjust, 4 * maxPacket));
        if (largestAdjust == 0 || cap >= high) {
            return available;
        }
        long outstanding = high - available;
        return Math.max(0, Math.min(available, cap - outstanding));
    }

    @Override
    public String toString() {
        return window.toString();
    }
}
