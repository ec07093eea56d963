package org.sshwire.proxy.internal.record;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of contents (SFTP file contents, forwarded bytes) one user connection may still
 * have saved. Once a chunk does not fit, the budget is spent for good: contents stop being saved
 * for the rest of the connection rather than being saved with holes the reader cannot see.
 */
final class ContentBudget {
    private final long cap;
    private final AtomicLong left;
    private volatile boolean spent;

    ContentBudget(long cap) {
        this.cap = cap;
        this.left = new AtomicLong(cap);
    }

    /** Takes {@code n} bytes from the budget; false (and spent from then on) if they do not fit. */
    boolean take(long n) {
        if (spent) {
            return false;
        }
        while (true) {
            long now = left.get();
            if (now < n) {
                spent = true;
                return false;
            }
            if (left.compareAndSet(now, now - n)) {
                return true;
            }
        }
    }

    String exhausted() {
        return "the connection's cap of " + cap + " bytes of saved contents was reached";
    }
}
