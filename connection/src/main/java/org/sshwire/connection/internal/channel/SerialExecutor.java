package org.sshwire.connection.internal.channel;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one after another, in submission order, on a shared executor: replies to requests
 * must go out in request order (RFC 4254 §4, §5.4) even though user callbacks decide them (the
 * server's hooks; the bastion's relay, one per channel and direction).
 */
public final class SerialExecutor implements Executor {
    private final Executor executor;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by this
    private boolean running; // guarded by this

    public SerialExecutor(Executor executor) {
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
            Runnable t;
            synchronized (this) {
                t = tasks.poll();
                if (t == null) {
                    running = false;
                    return;
                }
            }
            try {
                t.run();
            } catch (RuntimeException e) {
                System.getLogger(SerialExecutor.class.getName()).log(Level.WARNING, "task failed", e);
            }
        }
    }
}
