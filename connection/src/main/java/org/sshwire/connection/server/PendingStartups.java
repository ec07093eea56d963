package org.sshwire.connection.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many accepted connections have not authenticated yet, the count {@link MaxStartups} limits.
 * Kept as a counter so that an accept costs the same with 10 000 open connections as with none.
 */
final class PendingStartups {
    private final AtomicInteger pending = new AtomicInteger();

    int pending() {
        return pending.get();
    }

    /**
     * Counts one more pending connection. The returned action ends it and may be called any
     * number of times (at authentication, at close, on a failed start): only the first counts.
     */
    Runnable begin() {
        pending.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                pending.decrementAndGet();
            }
        };
    }
}
