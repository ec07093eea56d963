package org.sshwire.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.connection.client.SshClient;

/**
 * Connections through jump hosts ({@code ssh -J}): each hop is logged into through the previous
 * one's {@code direct-tcpip} channel ({@link SshClient.Builder#connectVia}), its host key checked
 * against known_hosts under its own name with the same StrictHostKeyChecking as the target, and
 * the target last. Unlike OpenSSH, which runs a child {@code ssh -W} per hop reading only
 * ssh_config, the hops here use the command line's {@code -i} and {@code -o} too (there is no
 * ssh_config yet to give them their own).
 *
 * <pre>{@code
 * try (JumpChain chain = JumpChain.connect(login, JumpHost.parseList("bastion"), "alice", "inner", 22)) {
 *     chain.target().exec("true");
 * }
 * }</pre>
 */
final class JumpChain implements AutoCloseable {
    private final List<SshClient> clients; // hops first, the target last

    private JumpChain(List<SshClient> clients) {
        this.clients = clients;
    }

    static JumpChain connect(ClientLogin login, List<JumpHost> hops, String user, String host, int port) throws IOException {
        List<SshClient> open = new ArrayList<>();
        try {
            SshClient via = null;
            for (JumpHost hop : hops) {
                via = login.connect(hop.userOrDefault(), hop.host(), hop.portOrDefault(), via);
                open.add(via);
            }
            open.add(login.connect(user, host, port, via));
            return new JumpChain(open);
        } catch (IOException | RuntimeException e) {
            closeAll(open);
            throw e;
        }
    }

    /** The connection to the destination. */
    SshClient target() {
        return clients.get(clients.size() - 1);
    }

    private static void closeAll(List<SshClient> open) {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** The target first, then each hop back towards us. */
    @Override
    public void close() {
        closeAll(clients);
    }
}
