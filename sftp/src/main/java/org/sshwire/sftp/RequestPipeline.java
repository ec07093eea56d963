package org.sshwire.sftp;

/**
 * How many bytes of READ or WRITE requests one transfer keeps outstanding. OpenSSH's sftp keeps
 * 64 requests of 32 KiB (2 MiB), which over a 100 ms round trip carries at most 20 MiB/s,
 * whatever the link. Sized to the path, the amount starts there and grows each time a whole
 * amount's worth of replies came back within two round trips — then the outstanding requests,
 * not the server or the link, were what held the transfer back (the trigger of QUIC's
 * receive-window auto-tuning, as {@code WindowTuning} applies to channel windows). It grows to
 * what two round trips carry at the rate those replies came, and at least doubles, up to
 * {@link #MAX_BYTES}: on a long fast path it reaches the path's size in one round trip instead of
 * one doubling per round trip.
 * Behind it the channel window limits what is really in flight, and this amount settles at about
 * twice that. The round trip is the time of one request before the transfer (fstat or open),
 * which includes the server's work, so it errs long, towards growing.
 */
final class RequestPipeline {
    /** Outstanding request bytes at most: 64 MiB, a 1 Gbit/s path's bandwidth-delay product at 500 ms. */
    static final long MAX_BYTES = 64L << 20;
    /** Requests at most, whatever their size. */
    static final int MAX_REQUESTS = 1024;

    private final int chunk;
    private final long rttNanos;
    private final boolean adaptive;
    private long target;
    private long epochBytes;
    private long epochStart;

    /**
     * @param requests initial (or, not adaptive, fixed) number of requests
     * @param chunk    bytes per request
     * @param rttNanos the measured round trip; 0 or less: no growth
     * @param adaptive whether to grow at all (off when the user chose the requests, as OpenSSH's -R)
     */
    RequestPipeline(int requests, int chunk, long rttNanos, boolean adaptive) {
        this.chunk = chunk;
        this.rttNanos = rttNanos;
        this.adaptive = adaptive && rttNanos > 0;
        this.target = (long) requests * chunk;
    }

    /** Requests to keep outstanding now. */
    int requests() {
        return (int) Math.max(1, Math.min(MAX_REQUESTS, target / chunk));
    }

    /** A reply for {@code bytes} came back at {@code nowNanos}. */
    void completed(long bytes, long nowNanos) {
        if (!adaptive || target >= MAX_BYTES) {
            return;
        }
        if (epochBytes == 0) {
            epochStart = nowNanos;
        }
        epochBytes += bytes;
        if (epochBytes >= target) {
            long elapsed = nowNanos - epochStart;
            if (elapsed < 2 * rttNanos) {
                double pathBytes = elapsed <= 0 ? Double.MAX_VALUE : (double) epochBytes * 2 * rttNanos / elapsed;
                target = (long) Math.min(MAX_BYTES, Math.max(2.0 * target, pathBytes));
            }
            epochBytes = 0;
        }
    }
}
