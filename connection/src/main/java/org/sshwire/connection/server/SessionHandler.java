package org.sshwire.connection.server;

/**
 * Runs what a session asked for — a command, a shell or a subsystem — on the server's executor.
 * When it returns, the session ends with exit status 0 unless it called {@link Session#exit}.
 *
 * <pre>{@code
 * SessionHandler echo = s -> { s.stdout().write(s.rawCommand().getBytes()); s.exit(0); };
 * }</pre>
 */
@FunctionalInterface
public interface SessionHandler {
    void handle(Session session) throws Exception;
}
