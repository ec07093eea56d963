package org.sshwire.connection.server;

import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;

/**
 * Answers a global request of one name; runs on the server's executor. The reply is sent only
 * if the client asked for one.
 *
 * <pre>{@code
 * .globalRequest("ping@example.com", (conn, req) -> new GlobalReply(true, Bytes.EMPTY))
 * }</pre>
 */
@FunctionalInterface
public interface GlobalRequestHandler {
    GlobalReply handle(SshConnection connection, ConnectionEvent.GlobalRequestReceived request) throws Exception;
}
