package org.sshwire.connection.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Whatever is added or taken, a ChannelWindow stays within 0..2^32−1 and refuses rather than clamps. */
class ChannelWindowProperties {

    @Property
    void neverNegativeNorAboveTheMaximum(@ForAll @LongRange(max = 0xffffffffL) long initial,
            @ForAll @LongRange(min = -5, max = 0x1ffffffffL) long delta, @ForAll boolean grow) {
        ChannelWindow w = new ChannelWindow(initial);
        boolean ok = grow ? w.grow(delta) : w.consume(delta);
        assertTrue(w.available() >= 0 && w.available() <= ChannelWindow.MAX);
        assertEquals(ok ? (grow ? initial + delta : initial - delta) : initial, w.available());
    }
}
