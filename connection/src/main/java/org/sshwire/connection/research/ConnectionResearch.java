package org.sshwire.connection.research;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.transport.research.ConnectionHooks;

/**
 * What a researcher installs on one connection of an {@code SshServer} or {@code SshClient}
 * (DESIGN §5; unstable API): the transport's hooks and policies, and the channel engine's
 * configuration (initial window, maximum packet announced, when WINDOW_ADJUST goes out, window
 * growth) adjusted for this connection only. Returned per connection by the function given to
 * {@code research(...)} on either builder, which sees the opening connection's id and addresses.
 *
 * <pre>{@code
 * SshServer.builder().research(info -> new ConnectionResearch(
 *         ConnectionHooks.builder().messageObserver((c, d, seq, m) -> System.out.println(c.id() + " " + d + " " + m)).build(),
 *         cfg -> cfg.withInitialWindow(4096).withMaxPacket(1024).withWindowPolicy(WindowPolicy.immediate())));
 * }</pre>
 *
 * @param hooks      the transport hooks and {@link org.sshwire.transport.research.TransportPolicy}
 * @param connection adjusts the builder's channel engine configuration for this connection
 */
public record ConnectionResearch(ConnectionHooks hooks, UnaryOperator<ConnectionConfig> connection) {
    public ConnectionResearch {
        Objects.requireNonNull(hooks);
        Objects.requireNonNull(connection);
    }

    /** These hooks, and the builder's channel engine configuration. */
    public static ConnectionResearch of(ConnectionHooks hooks) {
        return new ConnectionResearch(hooks, UnaryOperator.identity());
    }
}
