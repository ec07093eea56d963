package org.sshwire.connection;

import java.nio.ByteBuffer;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.transport.TransportEngine;

/**
 * The sans-IO surface both composed engines share (DESIGN §2), so one driver runs either role.
 *
 * <pre>{@code
 * SshEngine engine = new SshServerEngine(transportConfig, authConfig, ConnectionConfig.server());
 * engine.receive(bytes);
 * for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) socket.write(b);
 * }</pre>
 */
public interface SshEngine {
    void receive(ByteBuffer bytesFromPeer);

    void receiveEof();

    ByteBuffer pollTransmit();

    /**
     * Hands back a buffer {@link #pollTransmit} returned once the socket has taken all of it, so
     * its array can carry a later packet (see {@link TransportEngine#releaseTransmit}); may be
     * called from any thread, without the engine's lock.
     */
    default void releaseTransmit(ByteBuffer written) {
        transport().releaseTransmit(written);
    }

    SshEvent pollEvent();

    /** {@link Long#MIN_VALUE}: call {@link #onDeadline} now; {@link Long#MAX_VALUE}: no timer. */
    long nextDeadlineNanos();

    void onDeadline(long nowNanos);

    boolean isClosed();

    boolean isAuthenticated();

    TransportEngine transport();

    ConnectionEngine connection();
}
