package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The outstanding-request rule with explicit times (no clock is read): growing to two round trips
 * at the measured rate, at least doubling, when a whole amount comes back within two round trips,
 * never otherwise, never beyond the bounds.
 */
class RequestPipelineTest {
    static final int CHUNK = 256 * 1024;
    static final long RTT = 100_000_000L;

    @Test
    void aFastPathDoublesTheRequestsUpToTheBound() {
        RequestPipeline p = new RequestPipeline(8, CHUNK, RTT, true); // 2 MiB
        long now = 0;
        for (int round = 0; round < 20; round++) {
            int n = p.requests();
            for (int i = 0; i < n; i++) {
                p.completed(CHUNK, now); // a whole amount within one round trip
            }
            now += RTT;
        }
        assertEquals(RequestPipeline.MAX_BYTES / CHUNK, p.requests());
    }

    /** 2 MiB of replies, 10 ms apart per 256 KiB: 8 replies in 70 ms; two round trips at that rate. */
    @Test
    void requestsGrowToWhatTwoRoundTripsCarryAtTheReplyRate() {
        RequestPipeline p = new RequestPipeline(8, CHUNK, RTT, true);
        for (int i = 0; i < 8; i++) {
            p.completed(CHUNK, i * 10_000_000L);
        }
        long bytes = (long) (8.0 * CHUNK * 2 * RTT / 70_000_000L);
        assertEquals(bytes / CHUNK, p.requests());
    }

    /** The same 2 MiB in 150 ms: two round trips at that rate are less than double, which it still takes. */
    @Test
    void aWholeAmountWithinTwoRoundTripsAtLeastDoubles() {
        RequestPipeline p = new RequestPipeline(8, CHUNK, RTT, true);
        for (int i = 0; i < 8; i++) {
            p.completed(CHUNK, i * 150_000_000L / 7);
        }
        assertEquals(16, p.requests());
    }

    @Test
    void slowRepliesKeepTheRequests() {
        RequestPipeline p = new RequestPipeline(8, CHUNK, RTT, true);
        long now = 0;
        for (int i = 0; i < 100; i++) {
            p.completed(CHUNK, now);
            now += RTT; // one reply per round trip: the server or the link is the limit
        }
        assertEquals(8, p.requests());
    }

    @Test
    void chosenRequestsOrAnUnknownRoundTripStayFixed() {
        RequestPipeline fixed = new RequestPipeline(64, 32 * 1024, RTT, false);
        RequestPipeline unknown = new RequestPipeline(64, 32 * 1024, 0, true);
        for (int i = 0; i < 10_000; i++) {
            fixed.completed(32 * 1024, 0);
            unknown.completed(32 * 1024, 0);
        }
        assertEquals(64, fixed.requests());
        assertEquals(64, unknown.requests());
    }

    @Test
    void smallChunksAreCappedInNumber() {
        RequestPipeline p = new RequestPipeline(64, 1024, RTT, true);
        for (int i = 0; i < 1_000_000; i++) {
            p.completed(1024, 0);
        }
        assertEquals(RequestPipeline.MAX_REQUESTS, p.requests());
    }
}
