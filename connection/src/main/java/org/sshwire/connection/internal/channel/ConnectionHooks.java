package org.sshwire.connection.internal.channel;

import org.sshwire.connection.SshEvent;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.channel.SshConnection;

/**
 * What a role (server or client) adds to an {@link SshConnection}. Called in event order on the
 * I/O thread: implementations must not block and must hand user callbacks to an executor.
 */
public interface ConnectionHooks {
    /** Transport and authentication events (host key, auth questions, ...), and host key announcements. */
    void onEvent(SshConnection connection, SshEvent event);

    /** A question: answer with {@link SshConnection#acceptChannel} or {@link SshConnection#rejectChannel}. */
    void onChannelOpen(SshConnection connection, ConnectionEvent.ChannelOpenRequested open);

    /** With want-reply a question: answer with {@link SshConnection#replyGlobalRequest}. */
    void onGlobalRequest(SshConnection connection, ConnectionEvent.GlobalRequestReceived request);

    /** The connection is gone (after every channel was closed). */
    default void onClosed(SshConnection connection) {
    }
}
