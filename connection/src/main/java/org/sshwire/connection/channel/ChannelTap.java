package org.sshwire.connection.channel;

import org.sshwire.transport.wire.Bytes;

/**
 * Sees every byte of channel data in both directions, for recording or auditing a session.
 * Called on I/O and handler threads: it must be quick and thread-safe.
 *
 * <pre>{@code
 * SshServer.builder().tap((ch, dir, stream, data) -> log.write(ch.id(), dir, stream, data))
 * }</pre>
 */
@FunctionalInterface
public interface ChannelTap {
    /** Which way data went. */
    enum Direction { FROM_PEER, TO_PEER }

    /** Data stream: 0 for channel data (stdin/stdout), 1 for stderr (extended data). */
    void onData(Channel channel, Direction direction, int stream, Bytes data);
}
