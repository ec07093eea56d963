package org.sshwire.sftp.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One SFTP session's share of a shared executor: at most {@code limit} of its tasks run at once;
 * the rest wait here, in order, and run on the threads the session already holds. A session
 * whose client stops reading blocks its writers (the channel window is shut), so without this
 * one such client could hold every thread of a bounded pool and stall everyone's file work.
 * The queue is bounded by the engine, which releases at most
 * {@link org.sshwire.sftp.SftpServerConfig#maxInFlight()} operations.
 */
public final class SessionExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SessionExecutor.class.getName());

    private final Executor shared;
    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>(); // guarded by this
    private int running; // guarded by this

    public SessionExecutor(Executor shared, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit < 1");
        }
        this.shared = shared;
        this.limit = limit;
    }

    /**
     * Runs {@code task} on the shared executor, or queues it behind this session's running
     * tasks. Throws {@link RejectedExecutionException} if the shared executor refuses it (shut
     * down): the task has then not been taken, and the caller must run it some other way.
     */
    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (running >= limit) {
                waiting.add(task);
                return;
            }
            running++;
        }
        try {
            shared.execute(() -> drain(task));
        } catch (RuntimeException e) {
            synchronized (this) {
                running--;
            }
            throw e;
        }
    }

    /** Runs {@code first}, then whatever queued meanwhile, on this thread. */
    private void drain(Runnable first) {
        Runnable task = first;
        while (task != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "SFTP task failed", e);
            }
            synchronized (this) {
                task = waiting.poll();
                if (task == null) {
                    running--;
                }
            }
        }
    }

    /** Tasks running now (for tests). */
    public synchronized int running() {
        return running;
    }

    /** Tasks waiting for one of this session's threads (for tests). */
    public synchronized int waiting() {
        return waiting.size();
    }
}
