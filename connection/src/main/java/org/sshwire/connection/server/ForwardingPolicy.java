package org.sshwire.connection.server;

import org.sshwire.connection.channel.SshConnection;

/**
 * Which port forwards a server allows (RFC 4254 §7); deny by default. Whatever it says, a login
 * whose {@code Permissions} lack {@code permit-port-forwarding}, or whose {@code permitopen} /
 * {@code permitlisten} do not list the target, is refused.
 *
 * <pre>{@code
 * ForwardingPolicy p = ForwardingPolicy.of((conn, host, port) -> port == 80, (conn, host, port) -> false);
 * }</pre>
 */
public final class ForwardingPolicy {
    /** Decides one target or listen address. */
    @FunctionalInterface
    public interface Check {
        boolean allow(SshConnection connection, String host, int port);
    }

    public static final ForwardingPolicy DENY = new ForwardingPolicy((c, h, p) -> false, (c, h, p) -> false);

    final Check local;
    final Check remote;

    private ForwardingPolicy(Check local, Check remote) {
        this.local = local;
        this.remote = remote;
    }

    /** Local forwarding ({@code direct-tcpip}, {@code ssh -L}): may the server connect to host:port? */
    public static ForwardingPolicy of(Check local, Check remote) {
        return new ForwardingPolicy(local, remote);
    }

    /** Allows both kinds to and on the loopback address only. */
    public static ForwardingPolicy loopbackOnly() {
        Check loop = (c, h, p) -> h.equals("127.0.0.1") || h.equals("localhost");
        return new ForwardingPolicy(loop, loop);
    }
}
