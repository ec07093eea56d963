package org.sshwire.connection.server;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many accepted connections have not authenticated yet, the count {@link MaxStartups} limits,
 * in all and per source block (sshd's PerSourceMaxStartups). Counters, so that an accept costs
 * the same with 10 000 open connections as with none.
 */
final class PendingStartups {
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<String, Integer> bySource = new HashMap<>(); // guarded by itself

    int pending() {
        return pending.get();
    }

    /** Pending connections from {@code block}. */
    int pendingFrom(String block) {
        synchronized (bySource) {
            return bySource.getOrDefault(block, 0);
        }
    }

    /**
     * Counts one more pending connection from {@code block}. The returned action ends it and may
     * be called any number of times (at authentication, at close, on a failed start): only the
     * first counts.
     */
    Runnable begin(String block) {
        pending.incrementAndGet();
        synchronized (bySource) {
            bySource.merge(block, 1, Integer::sum);
        }
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                pending.decrementAndGet();
                synchronized (bySource) {
                    bySource.computeIfPresent(block, (k, n) -> n == 1 ? null : n - 1);
                }
            }
        };
    }
}
