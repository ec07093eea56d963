package org.sshwire.connection.internal.driver;

import java.util.concurrent.atomic.AtomicInteger;
import org.sshwire.connection.IoThreads;

/**
 * The {@link IoThreads} implementation: a fixed group of selector loops, handed out round-robin
 * to new connections.
 */
public final class NioLoops implements IoThreads {
    private static volatile NioLoops shared;

    private final SelectorLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    private NioLoops(int count, String name) {
        loops = new SelectorLoop[count];
        for (int i = 0; i < count; i++) {
            loops[i] = new SelectorLoop(name + "-" + i);
        }
    }

    public static NioLoops create(int count, String name) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one loop");
        }
        return new NioLoops(count, name);
    }

    /** A process-wide group with one loop per core, created on first use. */
    public static NioLoops shared() {
        NioLoops s = shared;
        if (s == null) {
            synchronized (NioLoops.class) {
                if (shared == null) {
                    shared = new NioLoops(Runtime.getRuntime().availableProcessors(), "sshwire-nio");
                }
                s = shared;
            }
        }
        return s;
    }

    @Override
    public int size() {
        return loops.length;
    }

    /** The group behind {@code threads}, which only this class implements. */
    public static NioLoops of(IoThreads threads) {
        return (NioLoops) threads;
    }

    SelectorLoop first() {
        return loops[0];
    }

    SelectorLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * Stops the process-wide group, if one was made, and waits up to {@code millis} for its
     * threads to end: for a command about to exit, since the JVM's exit waits about 300 ms for
     * every thread still blocked in a native call such as a selector's epoll_wait
     * (HotSpot's VM_Exit::wait_for_threads_in_native_to_block).
     */
    public static void stopShared(long millis) throws InterruptedException {
        NioLoops s = shared;
        if (s == null) {
            return;
        }
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (SelectorLoop l : s.loops) {
            l.close();
        }
        for (SelectorLoop l : s.loops) {
            l.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    @Override
    public void close() {
        if (this == shared) {
            return; // the shared group lives as long as the process
        }
        for (SelectorLoop l : loops) {
            l.close();
        }
    }
}
