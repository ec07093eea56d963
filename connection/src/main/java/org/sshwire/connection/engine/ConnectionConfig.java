package org.sshwire.connection.engine;

import org.sshwire.transport.internal.packet.PacketDeframer;

/**
 * Limits and defaults of a {@link ConnectionEngine}. Immutable; {@code with*} return copies.
 *
 * <pre>{@code
 * ConnectionConfig cfg = ConnectionConfig.server().withMaxChannels(64).withInitialWindow(32 * 1024);
 * }</pre>
 *
 * @param role               which end this engine is
 * @param maxChannels        channels open or opening at once; further peer opens get RESOURCE_SHORTAGE
 * @param initialWindow      the window announced for channels when none is given (OpenSSH: 2 MiB)
 * @param maxPacket          the maximum packet announced when none is given (32 KiB)
 * @param maxSendPacket      the largest data chunk this side sends, whatever the peer allows
 * @param maxQueuedBytes     per channel, data accepted beyond the peer's window and held until it grows
 * @param maxPendingRequests per channel and for global requests: questions with want-reply the
 *                           application has not answered yet; more is a protocol error
 * @param allowX11           whether {@code x11-req} and {@code x11} channel opens reach the application
 * @param windowPolicy       when to send WINDOW_ADJUST
 * @param windowTuning       how receive windows grow with the path ({@link WindowTuning#standard()}: up to 32 MiB)
 */
public record ConnectionConfig(ConnectionRole role, int maxChannels, long initialWindow, long maxPacket,
        int maxSendPacket, int maxQueuedBytes, int maxPendingRequests, boolean allowX11, WindowPolicy windowPolicy,
        WindowTuning windowTuning) {

    /**
     * The largest maximum packet we announce or send: every CHANNEL_DATA must fit one transport
     * packet (256 KiB including padding and headers, {@link PacketDeframer#DEFAULT_MAX_PACKET_LENGTH}),
     * so 1 KiB is kept for them.
     */
    public static final long MAX_PACKET_LIMIT = PacketDeframer.DEFAULT_MAX_PACKET_LENGTH - 1024;

    public ConnectionConfig {
        if (role == null || windowPolicy == null || windowTuning == null) {
            throw new NullPointerException();
        }
        if (maxChannels < 1 || maxSendPacket < 1 || maxQueuedBytes < 0 || maxPendingRequests < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxSendPacket > MAX_PACKET_LIMIT) {
            throw new IllegalArgumentException("maximum send packet above " + MAX_PACKET_LIMIT + ": " + maxSendPacket);
        }
        checkWindow(initialWindow, maxPacket);
    }

    static void checkWindow(long window, long maxPacket) {
        if (window < 0 || window > ChannelWindow.MAX) {
            throw new IllegalArgumentException("window out of range 0..2^32-1: " + window);
        }
        if (maxPacket < 1 || maxPacket > MAX_PACKET_LIMIT) {
            throw new IllegalArgumentException("maximum packet out of range 1.." + MAX_PACKET_LIMIT + ": " + maxPacket);
        }
    }

    public static ConnectionConfig of(ConnectionRole role) {
        return new ConnectionConfig(role, 1024, 2 * 1024 * 1024, 32 * 1024, 32 * 1024, 64 * 1024, 64, false,
                WindowPolicy.standard(), WindowTuning.standard());
    }

    public static ConnectionConfig client() {
        return of(ConnectionRole.CLIENT);
    }

    public static ConnectionConfig server() {
        return of(ConnectionRole.SERVER);
    }

    public ConnectionConfig withMaxChannels(int n) {
        return new ConnectionConfig(role, n, initialWindow, maxPacket, maxSendPacket, maxQueuedBytes,
                maxPendingRequests, allowX11, windowPolicy, windowTuning);
    }

    public ConnectionConfig withInitialWindow(long w) {
        return new ConnectionConfig(role, maxChannels, w, maxPacket, maxSendPacket, maxQueuedBytes,
                maxPendingRequests, allowX11, windowPolicy, windowTuning);
    }

    public ConnectionConfig withMaxPacket(long p) {
        return new ConnectionConfig(role, maxChannels, initialWindow, p, maxSendPacket, maxQueuedBytes,
                maxPendingRequests, allowX11, windowPolicy, windowTuning);
    }

    public ConnectionConfig withMaxSendPacket(int p) {
        return new ConnectionConfig(role, maxChannels, initialWindow, maxPacket, p, maxQueuedBytes,
                maxPendingRequests, allowX11, windowPolicy, windowTuning);
    }

    public ConnectionConfig withMaxQueuedBytes(int n) {
        return new ConnectionConfig(role, maxChannels, initialWindow, maxPacket, maxSendPacket, n,
                maxPendingRequests, allowX11, windowPolicy, windowTuning);
    }

    public ConnectionConfig withMaxPendingRequests(int n) {
        return new ConnectionConfig(role, maxChannels, initialWindow, maxPacket, maxSendPacket, maxQueuedBytes,
                n, allowX11, windowPolicy, windowTuning);
    }

    public ConnectionConfig withAllowX11(boolean allow) {
        return new ConnectionConfig(role, maxChannels, initialWindow, maxPacket, maxSendPacket, maxQueuedBytes,
                maxPendingRequests, allow, windowPolicy, windowTuning);
    }

    public ConnectionConfig withWindowPolicy(WindowPolicy p) {
        return new ConnectionConfig(role, maxChannels, initialWindow, maxPacket, maxSendPacket, maxQueuedBytes,
                maxPendingRequests, allowX11, p, windowTuning);
    }

    /** How receive windows grow with the path; {@link WindowTuning#off()} keeps them at their announced size. */
    public ConnectionConfig withWindowTuning(WindowTuning t) {
        return new ConnectionConfig(role, maxChannels, initialWindow, maxPacket, maxSendPacket, maxQueuedBytes,
                maxPendingRequests, allowX11, windowPolicy, t);
    }
}
