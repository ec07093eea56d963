package org.sshwire.bench.wan;

/**
 * The rate limit of one direction of a {@link WanRelay}: a token bucket in its GCRA form (the
 * "virtual scheduling" of ITU-T I.371), computed from times passed in, so it has no clock and no
 * state but one number. Tokens accrue at {@code bytesPerSecond} up to {@code burstBytes}; a chunk
 * of n bytes leaves once n tokens are there.
 *
 * <pre>{@code
 * TokenBucket b = new TokenBucket(125_000_000, 64 * 1024); // 1 Gbit/s
 * long leaves = b.departure(System.nanoTime(), 65536);    // when this chunk may go on the line
 * }</pre>
 */
public final class TokenBucket {
    private final long bytesPerSecond;
    /** How far ahead of the theoretical time a chunk may go: the burst, in nanoseconds of line time. */
    private final long toleranceNanos;
    /** Theoretical arrival time: when the bucket will be empty of all debt. */
    private long tat = Long.MIN_VALUE;

    public TokenBucket(long bytesPerSecond, long burstBytes) {
        if (bytesPerSecond < 1 || burstBytes < 0) {
            throw new IllegalArgumentException("rate >= 1 and burst >= 0");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.toleranceNanos = nanosFor(burstBytes);
    }

    /** Line time of {@code bytes} at the rate. */
    long nanosFor(long bytes) {
        return (long) (bytes * 1e9 / bytesPerSecond);
    }

    /**
     * When a chunk of {@code bytes} offered at {@code nowNanos} may leave (never before
     * {@code nowNanos}), and takes its tokens. Chunks must be offered in order, with
     * non-decreasing times.
     */
    public long departure(long nowNanos, long bytes) {
        if (tat == Long.MIN_VALUE) {
            tat = nowNanos;
        }
        long leaves = Math.max(nowNanos, tat - toleranceNanos);
        tat = Math.max(tat, leaves) + nanosFor(bytes);
        return leaves;
    }
}
