package org.sshwire.proxy.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on an executor: the channel requests of one channel in one
 * direction, so answers go back in the order the requests came (RFC 4254 §5.4).
 */
final class SerialQueue implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialQueue.class.getName());
    private final Executor executor;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by this
    private boolean running; // guarded by this

    SerialQueue(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        for (;;) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "relay task failed", e);
            }
        }
    }
}
