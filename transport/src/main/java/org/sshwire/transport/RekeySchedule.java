package org.sshwire.transport;

/**
 * When the next key re-exchange is due (RFC 4253 §9): bytes and packets in either direction
 * since the last NEWKEYS, and time since the last exchange. No clock: the engine asks for the
 * current time once after each exchange ({@link #needsTime()}) to anchor the timer.
 */
final class RekeySchedule {
    private final RekeyPolicy policy;
    private long bytesOut;
    private long bytesIn;
    private long packetsOut;
    private long packetsIn;
    private long byteLimit = Long.MAX_VALUE;
    private boolean needsTime;
    private boolean timerArmed;
    private long dueAtNanos;

    RekeySchedule(RekeyPolicy policy) {
        this.policy = policy;
    }

    void sent(int wireBytes) {
        bytesOut += wireBytes;
        packetsOut++;
    }

    void received(int approxWireBytes) {
        bytesIn += approxWireBytes;
        packetsIn++;
    }

    /** Our NEWKEYS went out: outbound counters restart under the new keys' cipher. */
    void outboundKeysChanged(int cipherBlockSize) {
        byteLimit = policy.bytesFor(cipherBlockSize);
        bytesOut = 0;
        packetsOut = 0;
    }

    void inboundKeysChanged() {
        bytesIn = 0;
        packetsIn = 0;
    }

    /** An exchange finished: the time limit restarts from the next time we learn. */
    void exchangeFinished() {
        needsTime = true;
    }

    boolean needsTime() {
        return needsTime;
    }

    /** Long.MAX_VALUE when no timer is armed. */
    long dueAtNanos() {
        return timerArmed ? dueAtNanos : Long.MAX_VALUE;
    }

    /** Takes the current time; true when the time limit has passed (the timer is then disarmed). */
    boolean onTime(long nowNanos) {
        if (needsTime) {
            needsTime = false;
            long interval = policy.time().toNanos();
            timerArmed = interval > 0;
            dueAtNanos = nowNanos + interval;
            return false;
        }
        if (timerArmed && nowNanos - dueAtNanos >= 0) {
            timerArmed = false;
            return true;
        }
        return false;
    }

    /** The byte or packet limit has been reached in either direction. */
    boolean limitReached() {
        long maxPackets = policy.packets();
        boolean bytes = byteLimit > 0 && (bytesOut >= byteLimit || bytesIn >= byteLimit);
        boolean packets = maxPackets > 0 && (packetsOut >= maxPackets || packetsIn >= maxPackets);
        return bytes || packets;
    }
}
