package org.sshwire.connection.internal.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadThrottleTest {
    private static final long HIGH = 1000;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicBoolean reading = new AtomicBoolean(true);

    private ReadThrottle throttle() {
        return new ReadThrottle(HIGH, backlog::get, reading::set);
    }

    @Test
    void pausesAboveHighAndResumesAtHalf() {
        ReadThrottle t = throttle();
        backlog.set(HIGH);
        t.update();
        assertFalse(t.paused(), "at the limit still reads");
        backlog.set(HIGH + 1);
        t.update();
        assertTrue(t.paused());
        assertFalse(reading.get(), "the socket stopped reading");
        backlog.set(HIGH / 2 + 1);
        t.update();
        assertTrue(t.paused(), "hysteresis: stays paused above half");
        backlog.set(HIGH / 2);
        t.update();
        assertFalse(t.paused());
        assertTrue(reading.get(), "the socket reads again");
    }

    @Test
    void reapplyRepeatsTheDecisionForANewlyRegisteredSocket() {
        ReadThrottle t = throttle();
        backlog.set(HIGH + 1);
        t.update();
        reading.set(true); // registration set OP_READ regardless
        t.reapply();
        assertFalse(reading.get());
    }

    /**
     * The race that stalled long echoes: the reader reads a full backlog and is about to pause
     * just as a writer drains the queue and checks whether to resume. Here the reader's backlog
     * read waits for the writer's drain and update, as far as the throttle lets them run; once
     * the writer is done, reading must be on, since nobody else would turn it on again.
     */
    @Test
    void aDrainRacingAPauseLeavesReadingOn() throws Exception {
        CountDownLatch readerSawFull = new CountDownLatch(1);
        CountDownLatch writerDone = new CountDownLatch(1);
        Thread reader = Thread.currentThread();
        ReadThrottle t = new ReadThrottle(HIGH, () -> {
            long now = backlog.get();
            if (Thread.currentThread() == reader && readerSawFull.getCount() > 0) {
                readerSawFull.countDown();
                try {
                    writerDone.await(200, TimeUnit.MILLISECONDS); // times out when the writer must wait for us
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return now;
        }, reading::set);
        Thread writer = new Thread(() -> {
            try {
                readerSawFull.await();
            } catch (InterruptedException e) {
                return;
            }
            backlog.set(0); // the socket took everything
            t.update();
            writerDone.countDown();
        });
        writer.start();
        backlog.set(2 * HIGH);
        t.update();
        writer.join();
        assertFalse(t.paused(), "paused with an empty queue");
        assertTrue(reading.get(), "the socket reads");
    }
}
