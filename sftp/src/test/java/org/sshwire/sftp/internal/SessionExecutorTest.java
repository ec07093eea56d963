package org.sshwire.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One session's share of a shared executor: never more than its limit of threads, nothing lost. */
class SessionExecutorTest {

    @Test
    void aSessionNeverHoldsMoreThanItsLimitOfSharedThreads() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            AtomicInteger handedToPool = new AtomicInteger();
            SessionExecutor session = new SessionExecutor(r -> {
                handedToPool.incrementAndGet();
                pool.execute(r);
            }, 8);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(20);
            for (int i = 0; i < 20; i++) {
                session.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            // Every task blocks, so none has finished to take a waiting one: exactly the limit went to the pool.
            assertEquals(8, handedToPool.get());
            assertEquals(8, session.running());
            assertEquals(12, session.waiting());
            release.countDown();
            assertTrue(done.await(60, TimeUnit.SECONDS), "waiting tasks ran once threads were free");
            assertEquals(8, handedToPool.get(), "waiting tasks ran on the threads the session held");
            for (int i = 0; i < 600 && session.running() > 0; i++) {
                Thread.sleep(50); // the last task's thread gives its slot back right after running it
            }
            assertEquals(0, session.running());
            assertEquals(0, session.waiting());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitingTasksRunInSubmissionOrder() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            SessionExecutor session = new SessionExecutor(pool, 1);
            List<Integer> order = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(100);
            IntStream.range(0, 100).forEach(i -> session.execute(() -> {
                order.add(i);
                done.countDown();
            }));
            assertTrue(done.await(60, TimeUnit.SECONDS));
            assertEquals(IntStream.range(0, 100).boxed().toList(), order);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedTaskIsReportedAndLeavesNoSlotTaken() {
        SessionExecutor session = new SessionExecutor(r -> {
            throw new RejectedExecutionException("shut down");
        }, 2);
        assertThrows(RejectedExecutionException.class, () -> session.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> session.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> session.execute(() -> { }));
        assertEquals(0, session.running());
        assertEquals(0, session.waiting());
    }

    @Test
    void theOwnedPoolIsBoundedAndItsIdleThreadsEnd() {
        var pool = SftpWorkers.newPool();
        try {
            assertEquals(SftpWorkers.threads(), pool.getMaximumPoolSize());
            assertTrue(pool.getMaximumPoolSize() < 1000, "bounded");
            assertTrue(pool.allowsCoreThreadTimeOut(), "an idle server holds no threads");
        } finally {
            pool.shutdown();
        }
    }
}
