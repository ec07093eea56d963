package org.sshwire.connection.internal.driver;

import java.util.concurrent.atomic.AtomicLong;

/** Numbers connections for research hooks' {@code ConnectionInfo.id()}: unique in this process. */
public final class ConnectionIds {
    private static final AtomicLong NEXT = new AtomicLong(1);

    private ConnectionIds() {
    }

    public static long next() {
        return NEXT.getAndIncrement();
    }
}
