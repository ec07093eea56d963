package org.sshwire.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.config.SshClientSettings;
import picocli.CommandLine.Option;

/**
 * {@code ssh -A} / {@code -o ForwardAgent=yes|no|PATH|$VAR}: forwards the agent to the session,
 * as ssh does — the one at SSH_AUTH_SOCK, or the socket named. Off by default, as in ssh: a
 * forwarded agent can be used by whoever controls the server while the session lasts.
 */
final class AgentForwardOption {
    @Option(names = "-A", description = "Forward the SSH agent (SSH_AUTH_SOCK) to the session, as -o ForwardAgent=yes.")
    boolean forward;

    private Path socket;

    /**
     * Accepts the server's agent channels on {@code client} when ForwardAgent (or {@code -A}, which
     * sets it) asks for it: "yes" forwards SSH_AUTH_SOCK's agent, a path (already expanded by the
     * configuration) or a legacy {@code $VAR} names the socket.
     */
    void enable(SshClient client, SshClientSettings settings) {
        if (!settings.forwardAgent()) {
            return;
        }
        String v = settings.forwardAgentPath().orElse(null);
        String path;
        if (v == null) {
            path = System.getenv(AgentClient.SSH_AUTH_SOCK);
        } else if (v.startsWith("$") && !v.startsWith("${")) {
            path = System.getenv(v.substring(1));
        } else {
            path = v;
        }
        if (path == null || path.isEmpty()) {
            return; // ssh forwards nothing when there is no agent
        }
        socket = Path.of(path);
        client.forwardAgent(socket);
    }

    /** Asks for forwarding on {@code session} (before its command), if enabled. */
    void request(ClientSession session) throws IOException {
        if (socket != null) {
            session.requestAgentForwarding();
        }
    }
}
