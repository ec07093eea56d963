package org.sshwire.connection.driver;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed group of selector threads (DESIGN §3): one per core by default, shared by every
 * connection of a server or client, so thousands of connections need no thread each.
 *
 * <pre>{@code
 * NioLoops loops = NioLoops.create(Runtime.getRuntime().availableProcessors(), "my-ssh");
 * }</pre>
 */
public final class NioLoops implements AutoCloseable {
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

    public int size() {
        return loops.length;
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
