package org.sshwire.connection.server;

import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;

/**
 * Decides a channel open of one type (gliderlabs/ssh's {@code ChannelHandler}); runs on the
 * server's executor and must answer with {@link SshConnection#acceptChannel} or
 * {@link SshConnection#rejectChannel}.
 *
 * <pre>{@code
 * .channelType("my-echo", (conn, open) -> { Channel ch = conn.acceptChannel(open); ch.getInputStream().transferTo(ch.getOutputStream()); ch.close(); })
 * }</pre>
 */
@FunctionalInterface
public interface ChannelHandler {
    void handle(SshConnection connection, ConnectionEvent.ChannelOpenRequested open) throws Exception;
}
