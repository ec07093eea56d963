package org.sshwire.bench.wan;

/**
 * A simulated wide-area path: its round-trip time and its bottleneck rate, as {@link WanRelay}
 * applies them (half the round trip each way, the same rate in each direction).
 *
 * <pre>{@code
 * LinkProfile p = LinkProfile.of(100, 1000); // 100 ms round trip at 1 Gbit/s
 * p.queueBound();                            // 50 ms x 125 MB/s + margin: about 6.5 MB per direction
 * }</pre>
 *
 * @param rttMillis     round trip in milliseconds (0: no delay)
 * @param mbitPerSecond bottleneck rate in Mbit/s (10^6 bits)
 */
public record LinkProfile(int rttMillis, int mbitPerSecond) {
    /** Bytes a direction holds above its bandwidth-delay product: a few reads' worth, so the queue never starves the line. */
    public static final long MARGIN = 256 * 1024;

    public LinkProfile {
        if (rttMillis < 0 || mbitPerSecond < 1) {
            throw new IllegalArgumentException("round trip >= 0 ms and rate >= 1 Mbit/s: " + rttMillis + ", " + mbitPerSecond);
        }
    }

    public static LinkProfile of(int rttMillis, int mbitPerSecond) {
        return new LinkProfile(rttMillis, mbitPerSecond);
    }

    /** Each direction's delay: half the round trip. */
    public long oneWayDelayNanos() {
        return rttMillis * 500_000L;
    }

    public long bytesPerSecond() {
        return mbitPerSecond * 125_000L;
    }

    /**
     * What one direction may hold: what the line carries during one one-way delay (its
     * bandwidth-delay product) plus {@link #MARGIN}. A router with a buffer of one BDP: the relay
     * stops reading beyond it, so TCP's own flow control pushes back on the sender and nothing is
     * ever dropped.
     */
    public long queueBound() {
        return bytesPerSecond() * oneWayDelayNanos() / 1_000_000_000L + MARGIN;
    }

    /** "100 ms, 1 Gbit/s" */
    public String label() {
        String rate = mbitPerSecond % 1000 == 0 ? mbitPerSecond / 1000 + " Gbit/s" : mbitPerSecond + " Mbit/s";
        return rttMillis + " ms, " + rate;
    }
}
