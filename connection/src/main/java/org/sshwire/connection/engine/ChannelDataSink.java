package org.sshwire.connection.engine;

/**
 * Where the channel engine may hand bulk CHANNEL_DATA without building a payload: the layer
 * below frames it straight from the writer's array into a packet (one copy of the data instead
 * of two), or declines and the engine sends an ordinary payload. Everything the engine produced
 * before must go out first, so the sink keeps the engine's order (RFC 4254 relies on it: data
 * before EOF, requests in order).
 */
@FunctionalInterface
public interface ChannelDataSink {
    /**
     * Sends RFC 4254 §5.2 CHANNEL_DATA {@code (recipient, data[off, off+len))} now, or returns
     * false having done nothing. The array is not kept.
     */
    boolean sendChannelData(long recipient, byte[] data, int off, int len);
}
