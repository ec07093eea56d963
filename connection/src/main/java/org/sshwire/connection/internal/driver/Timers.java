package org.sshwire.connection.internal.driver;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one scheduler every connection's timers share (engine deadlines, keepalive, idle timeout):
 * a single daemon thread, so timers never cost a thread per connection. Tasks must be short;
 * they step an engine and hand user work to an executor.
 */
public final class Timers {
    private static final ScheduledThreadPoolExecutor SHARED = create();

    private Timers() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sshwire-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true); // cancelled connection timers must not pile up
        return s;
    }

    public static ScheduledExecutorService shared() {
        return SHARED;
    }

    static ScheduledFuture<?> at(long deadlineNanos, Runnable task) {
        return SHARED.schedule(task, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
