package org.sshwire.connection.engine;

import java.nio.ByteBuffer;

/**
 * Where the channel engine may hand bulk CHANNEL_DATA without building a payload: the layer
 * below frames it straight from the writer's buffer into a packet (one copy of the data instead
 * of two), or declines and the engine sends an ordinary payload. Everything the engine produced
 * before must go out first, so the sink keeps the engine's order (RFC 4254 relies on it: data
 * before EOF, requests in order).
 */
@FunctionalInterface
public interface ChannelDataSink {
    /**
     * Sends RFC 4254 §5.2 CHANNEL_DATA {@code (recipient, data)} with {@code data}'s bytes at
     * absolute indices {@code [off, off+len)} now, or returns false having done nothing. The
     * buffer (heap or direct) is neither kept nor moved.
     */
    boolean sendChannelData(long recipient, ByteBuffer data, int off, int len);
}
