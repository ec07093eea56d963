package org.sshwire.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.config.SshClientSettings;

/**
 * Connections through jump hosts ({@code ssh -J}, ProxyJump): each hop is logged into through the
 * previous one's {@code direct-tcpip} channel ({@link SshClient.Builder#connectVia}) with the
 * settings ssh's own {@code ssh -W} for that hop would read: the same {@code -F}, the hop's user
 * and port, the earlier hops as its ProxyJump, its own Host and Match sections (so a hop may
 * itself name further hops), and none of the command line's {@code -o} options. Each hop's host
 * key is checked against known_hosts under its own name.
 *
 * <pre>{@code
 * try (JumpChain chain = JumpChain.connect(login, files, settings)) {
 *     chain.target().exec("true");
 * }
 * }</pre>
 */
final class JumpChain implements AutoCloseable {
    private final List<SshClient> clients; // hops first, the target last
    private final ClientLogin login;

    private JumpChain(List<SshClient> clients, ClientLogin login) {
        this.clients = clients;
        this.login = login;
    }

    static JumpChain connect(ClientLogin login, ClientConfigFiles files, SshClientSettings target) throws IOException {
        List<SshClient> open = new ArrayList<>();
        try {
            SshClient via = hops(login, files, target, open, 0);
            open.add(login.connect(target, via));
            return new JumpChain(open, login);
        } catch (IOException | RuntimeException e) {
            closeAll(open);
            login.stopProxies();
            throw e;
        }
    }

    /** Connects the hops {@code s}'s ProxyJump names, last hop last; null when it names none. */
    private static SshClient hops(ClientLogin login, ClientConfigFiles files, SshClientSettings s, List<SshClient> open,
            int depth) throws IOException {
        Optional<String> jump = s.proxyJump();
        if (jump.isEmpty()) {
            return null;
        }
        if (depth >= JumpHost.MAX_HOPS) {
            throw new UserErrors.ExitException("too many jump hosts (more than " + JumpHost.MAX_HOPS + ")", 255);
        }
        String spec = jump.get();
        int comma = spec.lastIndexOf(',');
        JumpHost last = JumpHost.parse(comma < 0 ? spec : spec.substring(comma + 1));
        SshClientSettings hop = files.resolveHop(last, comma < 0 ? null : spec.substring(0, comma));
        SshClient via = hops(login, files, hop, open, depth + 1);
        SshClient c = login.connect(hop, via);
        open.add(c);
        return c;
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

    /** The target first, then each hop back towards us, then any ProxyCommand. */
    @Override
    public void close() {
        closeAll(clients);
        login.stopProxies();
    }
}
