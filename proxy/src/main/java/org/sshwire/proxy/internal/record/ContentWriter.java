package org.sshwire.proxy.internal.record;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that writes saved contents to disk, so that the relay's threads never wait for
 * it: they hand over a chunk and go on. What waits is bounded ({@code maxPending} bytes); a chunk
 * that would pass it is refused and its file stops there — a disk slower than the sessions loses
 * recording, never slows or fails a session. Tasks run in the order given (one thread), so a
 * file's close follows its last write.
 */
final class ContentWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ContentWriter.class.getName());
    private final long maxPending;
    private final AtomicLong pending = new AtomicLong();
    private final ExecutorService thread;

    ContentWriter(long maxPending) {
        this.maxPending = maxPending;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sshwire-record-contents");
            t.setDaemon(true);
            return t;
        });
    }

    long maxPending() {
        return maxPending;
    }

    /** Queues the writing of {@code bytes} bytes; false, and nothing queued, if that would pass the bound. */
    boolean write(long bytes, Runnable task) {
        while (true) {
            long now = pending.get();
            if (now + bytes > maxPending) {
                return false;
            }
            if (pending.compareAndSet(now, now + bytes)) {
                break;
            }
        }
        if (!run(() -> {
            try {
                task.run();
            } finally {
                pending.addAndGet(-bytes);
            }
        })) {
            pending.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Queues a task that writes nothing of its own (a close, a log line); false once closed. */
    boolean run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "recording contents: " + e);
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    /** Waits (at most {@code seconds}) until what is queued now has run. */
    boolean flush(long seconds) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        return run(done::countDown) && done.await(seconds, TimeUnit.SECONDS);
    }

    /** Runs what is queued, then stops the thread (waiting at most {@code seconds}). */
    boolean drain(long seconds) throws InterruptedException {
        thread.shutdown();
        return thread.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        drain(60);
    }
}
