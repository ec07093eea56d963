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
