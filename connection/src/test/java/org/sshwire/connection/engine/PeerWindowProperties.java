package org.sshwire.connection.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The send-ahead limit against receivers with different rules for returning credit: it bounds
 * what is outstanding for OpenSSH's rule, and never leaves a receiver waiting for more than the
 * sender will send.
 */
class PeerWindowProperties {
    static final long MIB = 1024 * 1024;
    static final long K = 1024;

    /** A receiver that consumes everything it gets and returns credit by its own rule. */
    interface Rule {
        /** Whether to adjust now, with {@code credit} consumed and {@code window} left of {@code initial}. */
        boolean adjust(long window, long credit, long initial, long maxPacket);
    }

    /** OpenSSH's channel_check_window: more than three packets outstanding, or below half. */
    static final Rule OPENSSH = (window, credit, initial, maxPacket) -> initial - window > 3 * maxPacket || window < initial / 2;
    /** Only once half the window is used (simple receivers; MINA's default is of this kind). */
    static final Rule HALF = (window, credit, initial, maxPacket) -> window < initial / 2;

    /**
     * Streams {@code total} bytes to a receiver with {@code rule}; returns the most outstanding
     * (sent, not given back) after the first adjust, or -1 if the stream stopped short.
     */
    static long stream(PeerWindow w, long limit, long total, long initial, long maxPacket, long step, Rule rule) {
        long sent = 0;
        long receiverWindow = initial;
        long credit = 0;
        long worst = 0;
        boolean adjusted = false;
        for (int rounds = 0; sent < total; rounds++) {
            if (rounds > 10_000_000) {
                return -1;
            }
            long n = Math.min(Math.min(step, total - sent), Math.min(maxPacket, w.sendable(limit)));
            if (n > 0) {
                assertTrue(w.consume(n));
                sent += n;
                receiverWindow -= n;
                credit += n; // the receiver's application takes it at once
            }
            if (adjusted) {
                worst = Math.max(worst, initial - w.available());
            }
            if (credit > 0 && rule.adjust(receiverWindow, credit, initial, maxPacket)) {
                assertTrue(w.grow(credit));
                receiverWindow += credit;
                credit = 0;
                adjusted = true;
            } else if (n == 0) {
                return -1; // nothing sent and nothing returned: stuck for good
            }
        }
        return worst;
    }

    @Example
    void openSshGetsAtMostTheLimitOutstanding() {
        PeerWindow w = new PeerWindow(2 * MIB, 32 * K);
        long worst = stream(w, 512 * K, 64 * MIB, 2 * MIB, 32 * K, 32 * K, OPENSSH);
        assertTrue(worst <= 512 * K, "outstanding " + worst);
    }

    @Example
    void aReceiverThatAdjustsAtHalfGetsTheWholeWindow() {
        PeerWindow w = new PeerWindow(2 * MIB, 32 * K);
        long worst = stream(w, 512 * K, 64 * MIB, 2 * MIB, 32 * K, 32 * K, HALF);
        assertTrue(worst > MIB, "outstanding " + worst);
    }

    @Example
    void beforeTheFirstAdjustAndWithoutALimitTheWholeWindowIsUsed() {
        PeerWindow w = new PeerWindow(2 * MIB, 32 * K);
        assertEquals(2 * MIB, w.sendable(512 * K));
        w.consume(2 * MIB);
        w.grow(100 * K);
        assertEquals(0, w.sendable(512 * K), "2 MiB − 100 KiB outstanding, over the limit");
        assertEquals(100 * K, w.sendable(Long.MAX_VALUE));
    }

    @Property(tries = 500)
    void aLimitNeverStopsAStreamTheWholeWindowWouldNot(@ForAll @LongRange(min = 1, max = 4 * 1024 * 1024) long initial,
            @ForAll @LongRange(min = 1, max = 64 * 1024) long maxPacket, @ForAll @LongRange(min = 1, max = 4 * 1024 * 1024) long limit,
            @ForAll @LongRange(min = 1, max = 64 * 1024) long step, @ForAll @IntRange(min = 0, max = 3) int ruleIndex,
            @ForAll @LongRange(min = 1, max = 1024 * 1024) long threshold) {
        // receivers that adjust once a fixed amount was consumed (any amount up to the window), at
        // half the window, by OpenSSH's rule, or on every read
        Rule fixed = (window, credit, i, mp) -> credit >= Math.min(threshold, i) || window == 0;
        Rule immediate = (window, credit, i, mp) -> true;
        Rule rule = new Rule[] {fixed, HALF, OPENSSH, immediate}[ruleIndex];
        long total = Math.min(16 * initial + 100_000, 8 * 1024 * 1024);
        if (stream(new PeerWindow(initial, maxPacket), Long.MAX_VALUE, total, initial, maxPacket, step, rule) < 0) {
            return; // the receiver stalls a sender that uses its whole window too (say a window of 1 and the half rule)
        }
        assertTrue(stream(new PeerWindow(initial, maxPacket), limit, total, initial, maxPacket, step, rule) >= 0,
                "the limit stopped a stream the whole window would not have");
    }
}
