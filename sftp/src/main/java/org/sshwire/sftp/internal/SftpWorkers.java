package org.sshwire.sftp.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pool an {@link org.sshwire.sftp.SftpSubsystem} owns when the user supplies none:
 * bounded ({@link #threads()}), its idle threads ending after {@link #IDLE_SECONDS} so an idle
 * server holds none, daemon threads (a subsystem never closed does not keep the JVM alive), shut
 * down with the subsystem. Its queue holds at most {@link #PER_SESSION} tasks per session (the
 * rest wait in each session's {@link SessionExecutor}), so it is bounded by the server's sessions.
 */
public final class SftpWorkers {
    /** File operations of one session running at once (OpenSSH's sftp-server runs one). */
    public static final int PER_SESSION = 8;
    static final long IDLE_SECONDS = 30;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private SftpWorkers() {
    }

    /** Threads of an owned pool: blocking file I/O wants more than cores (slow disks, NFS). */
    public static int threads() {
        return Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** A new pool; threads are named {@code sshwire-sftp-<pool>-<n>}. */
    public static ThreadPoolExecutor newPool() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        int size = threads();
        ThreadPoolExecutor p = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "sshwire-sftp-" + pool + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }
}
