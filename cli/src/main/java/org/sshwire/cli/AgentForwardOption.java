package org.sshwire.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
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

    /** Accepts the server's agent channels on {@code client} when forwarding is wanted. */
    void enable(SshClient client, Map<String, String> options) {
        String v = ServerOptions.find(options, "ForwardAgent");
        if (v == null) {
            v = forward ? "yes" : "no";
        }
        v = v.strip();
        if (v.equalsIgnoreCase("no")) {
            return;
        }
        String path;
        if (v.equalsIgnoreCase("yes")) {
            path = System.getenv(AgentClient.SSH_AUTH_SOCK);
        } else if (v.startsWith("$")) {
            path = System.getenv(v.substring(1));
        } else {
            path = v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v;
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
