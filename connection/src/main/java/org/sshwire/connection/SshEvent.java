package org.sshwire.connection;

import org.sshwire.auth.ClientAuthEvent;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.transport.TransportEvent;

/**
 * Every event of a whole SSH connection (DESIGN §2): what the transport, authentication and
 * connection layers report, each kept in its own layer's type so questions keep their answers'
 * types ({@code decide}, {@code acceptChannel}, ...).
 */
public sealed interface SshEvent {

    /** From the transport: host key questions, key exchanges, ext-info, debug, disconnects. */
    record Transport(TransportEvent event) implements SshEvent {
    }

    /** From the server's authenticator: questions for the application, and the outcome. */
    record ServerAuth(ServerAuthEvent event) implements SshEvent {
    }

    /** From the client's authenticator: prompts for the application, and the outcome. */
    record ClientAuth(ClientAuthEvent event) implements SshEvent {
    }

    /** From the channel engine: channel opens, data, requests, closes. */
    record Connection(ConnectionEvent event) implements SshEvent {
    }
}
