package org.sshwire.connection.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ChannelWindow keeps 0..2^32−1; the standard WindowPolicy's thresholds. */
class ChannelWindowTest {

    @Test
    void growToTheMaximumButNotBeyond() {
        ChannelWindow w = new ChannelWindow(0);
        assertTrue(w.grow(ChannelWindow.MAX));
        assertEquals(0xffffffffL, w.available());
        assertFalse(w.grow(1));
        assertEquals(0xffffffffL, w.available());
        assertTrue(w.consume(ChannelWindow.MAX));
        assertFalse(w.consume(1));
        assertEquals(0, w.available());
        assertThrows(IllegalArgumentException.class, () -> new ChannelWindow(ChannelWindow.MAX + 1));
        assertThrows(IllegalArgumentException.class, () -> new ChannelWindow(-1));
    }

    @Test
    void standardPolicyAdjustsBelowHalfOrAfterThreeMaximumPackets() {
        WindowPolicy p = WindowPolicy.standard();
        assertEquals(0, p.adjustment(600, 400, 1000, 200), "above half, less than 3 packets");
        assertEquals(501, p.adjustment(499, 501, 1000, 200), "below half");
        assertEquals(300, p.adjustment(700, 300, 1000, 100), "three maximum packets consumed");
        assertEquals(1, p.adjustment(0, 1, 1, 32768), "an exhausted window of 1 is refilled");
        assertEquals(0, p.adjustment(0, 0, 1000, 100), "nothing consumed, nothing returned");
        assertEquals(7, WindowPolicy.immediate().adjustment(900, 7, 1000, 100));
    }
}
