package org.sshwire.connection.internal.channel;

import org.sshwire.connection.channel.Channel;
import org.sshwire.transport.wire.Bytes;

/**
 * What the client's session does to a {@link Channel} that its users may not: read both of its
 * streams at once without a thread per stream. {@code Channel} keeps this package-private and
 * registers an {@link Access} here when its class initialises (the JDK's "shared secrets"
 * pattern, as {@link ConnectionInternals}).
 */
public final class ChannelInternals {
    private static volatile Access access;

    private ChannelInternals() {
    }

    /** Implemented once, inside {@code Channel}'s package. */
    public interface Access {
        Drained drainBoth(Channel channel, long maxBytesPerStream) throws InterruptedException;
    }

    /**
     * What {@link #drainBoth} read.
     *
     * @param data       the data stream, in order (empty after an overflow)
     * @param extended   extended data type 1 (stderr), in order (empty after an overflow)
     * @param overflowed -1 when both streams ended within the bound; else the stream (0 data, 1
     *                   stderr) that went over it: what was read is dropped, the rest stays unread
     */
    public record Drained(Bytes data, Bytes extended, int overflowed) {
    }

    /** Called by {@code Channel}'s static initialiser. */
    public static void register(Access a) {
        access = a;
    }

    /**
     * Reads the data and stderr streams of {@code channel} as their bytes arrive, returning their
     * credit at once (so neither stream waits for the other), until both have ended or one holds
     * more than {@code maxBytesPerStream} (at most {@code Integer.MAX_VALUE - 8}, an array's).
     */
    public static Drained drainBoth(Channel channel, long maxBytesPerStream) throws InterruptedException {
        return access().drainBoth(channel, maxBytesPerStream);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try { // initialising the class registers it
                Class.forName(Channel.class.getName(), true, Channel.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
