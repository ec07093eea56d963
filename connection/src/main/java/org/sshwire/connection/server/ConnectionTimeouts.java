package org.sshwire.connection.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.internal.driver.Timers;

/**
 * ChannelTimeout and UnusedConnectionTimeout (sshd_config(5), OpenSSH 9.2+) for one connection,
 * checked on the shared timer thread: idle channels are closed (the connection stays), and an
 * authenticated connection without channels for the unused timeout is disconnected.
 */
final class ConnectionTimeouts {
    private static final System.Logger LOG = System.getLogger(ConnectionTimeouts.class.getName());

    private ConnectionTimeouts() {
    }

    static void start(SshConnection conn, ChannelTimeouts channels, Duration unused) {
        if (channels.isEmpty() && unused == null) {
            return;
        }
        Duration shortest = channels.shortest();
        if (unused != null && (shortest == null || unused.compareTo(shortest) < 0)) {
            shortest = unused;
        }
        long period = Math.max(shortest.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(100));
        long[] unusedSince = {System.nanoTime()};
        ScheduledFuture<?> f = Timers.shared().scheduleAtFixedRate(() -> check(conn, channels, unused, unusedSince),
                period, period, TimeUnit.NANOSECONDS);
        conn.context().onCancel(() -> f.cancel(false));
    }

    private static void check(SshConnection conn, ChannelTimeouts timeouts, Duration unused, long[] unusedSince) {
        if (!conn.isOpen() || conn.user() == null) {
            unusedSince[0] = System.nanoTime(); // both timeouts apply after authentication only
            return;
        }
        long now = System.nanoTime();
        List<Channel> open = conn.channels();
        long newest = Long.MIN_VALUE;
        for (Channel ch : open) {
            newest = Math.max(newest, ch.lastTrafficNanos());
            Duration d = timeouts.forType(ch.timeoutType());
            if (d != null && now - ch.lastTrafficNanos() > d.toNanos()) {
                LOG.log(Level.INFO, "{0}: {1} inactive for {2}: closing", conn.remoteAddress(), ch, d);
                ch.close();
            }
        }
        Duration global = timeouts.global();
        if (global != null && !open.isEmpty() && now - newest > global.toNanos()) {
            LOG.log(Level.INFO, "{0}: no channel traffic for {1}: closing all channels", conn.remoteAddress(), global);
            open.forEach(Channel::close);
        }
        if (unused != null) {
            if (!open.isEmpty()) {
                unusedSince[0] = now;
            } else if (now - unusedSince[0] > unused.toNanos()) {
                LOG.log(Level.INFO, "{0}: no open channels for {1}: disconnecting", conn.remoteAddress(), unused);
                conn.close();
            }
        }
    }
}
