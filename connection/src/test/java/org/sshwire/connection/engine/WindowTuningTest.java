package org.sshwire.connection.engine;

import org.sshwire.connection.research.ChannelEnginePair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.transport.wire.Bytes;

/**
 * Receive-window auto-tuning ({@link WindowTuning}) on an in-memory engine pair with a fake
 * clock: when a whole window is consumed within two round trips, it grows to what two round trips
 * carry at that rate (at least double), up to its maximum and within the shared budget; a slow reader or an unknown round trip never grows it;
 * growth goes back to the budget when the channel closes or the engine fails. Times are the fake
 * clock's: nothing here depends on how fast the machine is.
 */
class WindowTuningTest {
    static final long WINDOW = 64 * 1024;
    static final long PACKET = 16 * 1024;
    static final long MAX = 256 * 1024;
    static final long RTT = 100_000_000L;

    /** The server sends to the client, whose application reads each delivery at once. */
    static final class Bulk {
        final AtomicLong clock = new AtomicLong();
        final WindowBudget budget;
        final ChannelEnginePair pair;
        final int clientCh;
        int serverCh = -1;
        long received;
        long advancePerRead;

        Bulk(WindowBudget budget, long max) {
            this.budget = budget;
            ConnectionConfig c = ConnectionConfig.client().withInitialWindow(WINDOW).withMaxPacket(PACKET)
                    .withWindowTuning(new WindowTuning(max, budget, clock::get));
            pair = new ChannelEnginePair(c, ConnectionConfig.server());
            pair.onServerEvent((s, e) -> {
                if (e instanceof ConnectionEvent.ChannelOpenRequested r) {
                    serverCh = r.channel();
                    s.acceptChannel(serverCh);
                }
            });
            pair.onClientEvent((cl, e) -> {
                if (e instanceof ConnectionEvent.ChannelDataReceived d) {
                    received += d.data().length();
                    clock.addAndGet(advancePerRead);
                    cl.consumed(d.channel(), d.data().length());
                }
            });
            clientCh = pair.client().openChannel(ChannelOpenData.SESSION, Bytes.EMPTY);
            pair.pump();
        }

        /** The server sends {@code total} bytes as the window lets it; the client reads them all. */
        void transfer(long total) {
            byte[] chunk = new byte[(int) PACKET];
            long sent = 0;
            for (int i = 0; i < 100_000 && sent < total; i++) { // bounded
                sent += pair.server().sendData(serverCh, chunk, 0, (int) Math.min(chunk.length, total - sent));
                pair.pump();
            }
            assertEquals(total, sent, "the server could not send everything");
            assertFalse(pair.client().isFailed() || pair.server().isFailed());
        }

        long window() {
            return pair.client().receiveWindowSize(clientCh);
        }
    }

    @Test
    void aWindowReadAtOnceGrowsStraightToItsMaximum() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(RTT);
        b.transfer(WINDOW);
        assertEquals(MAX, b.window(), "no time passed: the rate is unbounded");
        b.transfer(4 * MAX);
        assertEquals(MAX, b.window());
        assertEquals(MAX - WINDOW, budget.used());
        assertEquals(WINDOW + 4 * MAX, b.received);
        assertTrue(b.pair.client().localWindow(b.clientCh) <= MAX);
    }

    /**
     * Four reads of 16 KiB, 40 ms apart: the first half of the window came in 40 ms, so two
     * round trips (200 ms) at that rate need 32 KiB × 200 / 40.
     */
    @Test
    void theWindowGrowsToWhatTwoRoundTripsCarryAtTheRateItsFirstHalfCame() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(RTT);
        b.advancePerRead = 40_000_000L;
        b.transfer(WINDOW);
        long expected = (long) (WINDOW / 2.0 * 2 * RTT / b.advancePerRead);
        assertEquals(expected, b.window());
        assertEquals(expected - WINDOW, budget.used());
    }

    /** Reads 60 ms apart: two round trips at that rate are less than twice the window, which still doubles. */
    @Test
    void aWindowConsumedWithinTwoRoundTripsAtLeastDoubles() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(RTT);
        b.advancePerRead = 60_000_000L;
        b.transfer(WINDOW);
        assertEquals(2 * WINDOW, b.window());
    }

    /** A small exchange, a pause of five round trips, then a burst: the count starts at the burst. */
    @Test
    void aPauseLongerThanARoundTripStartsTheCountAgain() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(RTT);
        b.transfer(1024);
        b.clock.addAndGet(5 * RTT);
        b.transfer(WINDOW);
        assertEquals(MAX, b.window(), "the burst alone counts");
    }

    @Test
    void aSlowReaderKeepsTheWindow() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(RTT);
        b.advancePerRead = RTT; // each 16 KiB read takes a round trip: 4 per window, more than two
        b.transfer(4 * MAX);
        assertEquals(WINDOW, b.window());
        assertEquals(0, budget.used());
    }

    @Test
    void noRoundTripNoGrowth() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.transfer(4 * MAX);
        assertEquals(WINDOW, b.window());
    }

    @Test
    void offKeepsTheAnnouncedWindow() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, 0);
        b.pair.client().roundTrip(RTT);
        b.transfer(4 * MAX);
        assertEquals(WINDOW, b.window());
    }

    @Test
    void theSharedBudgetBoundsEveryConnectionTogether() {
        WindowBudget budget = new WindowBudget(WINDOW);
        Bulk first = new Bulk(budget, MAX);
        Bulk second = new Bulk(budget, MAX);
        first.pair.client().roundTrip(RTT);
        second.pair.client().roundTrip(RTT);
        first.transfer(4 * MAX);
        second.transfer(4 * MAX);
        assertEquals(2 * WINDOW, first.window());
        assertEquals(WINDOW, second.window(), "the budget was spent by the first connection");
        assertEquals(WINDOW, budget.used());
    }

    @Test
    void closingTheChannelGivesTheGrowthBack() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(RTT);
        b.transfer(4 * MAX);
        assertTrue(budget.used() > 0);
        b.pair.client().close(b.clientCh);
        b.pair.pump();
        assertEquals(-1, b.window(), "the channel is forgotten");
        assertEquals(0, budget.used());
    }

    @Test
    void aFailedEngineGivesTheGrowthBack() {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(RTT);
        b.transfer(4 * MAX);
        assertTrue(budget.used() > 0);
        b.pair.client().receive(new ChannelData(12345, Bytes.utf8("x")).toPayload()); // an unknown channel
        assertTrue(b.pair.client().isFailed());
        assertEquals(0, budget.used());
    }

    /**
     * Whatever the reads and the clock do, the peer never overruns the window (the receiving
     * engine would fail), every byte arrives, the window stays within its maximum, and the budget
     * holds exactly this connection's growth.
     */
    @Property(tries = 200)
    void growthKeepsTheAccountingExact(@ForAll @LongRange(min = 0, max = 300_000_000L) long advancePerRead,
                                       @ForAll @IntRange(min = 1, max = 40) int windows,
                                       @ForAll @LongRange(min = 1, max = 400_000_000L) long rtt) {
        WindowBudget budget = new WindowBudget(1L << 30);
        Bulk b = new Bulk(budget, MAX);
        b.pair.client().roundTrip(rtt);
        b.advancePerRead = advancePerRead;
        b.transfer(windows * WINDOW);
        assertEquals(windows * WINDOW, b.received);
        assertTrue(b.window() >= WINDOW && b.window() <= MAX, () -> "window " + b.window());
        assertEquals(b.window() - WINDOW, budget.used());
        assertTrue(b.pair.client().localWindow(b.clientCh) <= b.window());
    }
}
