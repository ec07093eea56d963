package org.sshwire.connection.internal.channel;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sshwire.connection.internal.driver.Timers;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.connection.channel.SshConnection;

/**
 * Keepalive and idle timeout for one connection on the shared timer thread: every interval a
 * {@code keepalive@openssh.com} with want-reply (any answer proves the peer alive; OpenSSH's
 * ClientAliveInterval / ServerAliveInterval), disconnecting after too many unanswered; and a
 * disconnect after a quiet period.
 *
 * <pre>{@code
 * KeepaliveTimer.start(conn, Duration.ofSeconds(15), 3, Duration.ofMinutes(10));
 * }</pre>
 */
public final class KeepaliveTimer {
    private static final System.Logger LOG = System.getLogger(KeepaliveTimer.class.getName());

    private KeepaliveTimer() {
    }

    /** Either duration may be null (off). */
    public static void start(SshConnection conn, Duration keepalive, int maxMissed, Duration idleTimeout) {
        if (keepalive != null) {
            AtomicInteger missed = new AtomicInteger();
            long period = keepalive.toNanos();
            ScheduledFuture<?> f = Timers.shared().scheduleAtFixedRate(() -> {
                if (!conn.isOpen() || conn.user() == null) {
                    return;
                }
                if (missed.incrementAndGet() > maxMissed) {
                    LOG.log(Level.INFO, "no keepalive answer from {0}: disconnecting", conn.remoteAddress());
                    conn.close();
                    conn.abort();
                    return;
                }
                conn.sendGlobalRequestAsync(GlobalRequestBody.KEEPALIVE, true, Bytes.EMPTY)
                        .thenRun(() -> missed.set(0));
            }, period, period, TimeUnit.NANOSECONDS);
            conn.context().onCancel(() -> f.cancel(false));
        }
        if (idleTimeout != null) {
            long limit = idleTimeout.toNanos();
            long period = Math.max(limit / 4, TimeUnit.MILLISECONDS.toNanos(100));
            ScheduledFuture<?> f = Timers.shared().scheduleAtFixedRate(() -> {
                if (conn.isOpen() && System.nanoTime() - conn.lastActivityNanos() > limit) {
                    LOG.log(Level.INFO, "{0} idle for {1}: disconnecting", conn.remoteAddress(), idleTimeout);
                    conn.close();
                }
            }, period, period, TimeUnit.NANOSECONDS);
            conn.context().onCancel(() -> f.cancel(false));
        }
    }
}
