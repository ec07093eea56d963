package org.sshwire.connection.server;

import org.sshwire.connection.channel.SshConnection;

/**
 * Which port and Unix-socket forwards a server allows (RFC 4254 §7; OpenSSH PROTOCOL §2.4);
 * deny by default. Whatever it says, a login whose {@code Permissions} lack
 * {@code permit-port-forwarding} ({@code no-port-forwarding} or {@code restrict} in
 * authorized_keys) is refused every forward, and TCP targets must be listed in {@code permitopen}
 * / {@code permitlisten} when those are set.
 *
 * <pre>{@code
 * ForwardingPolicy p = ForwardingPolicy.of((conn, host, port) -> port == 80, (conn, host, port) -> false)
 *         // like sshd's AllowStreamLocalForwarding yes + StreamLocalBindUnlink yes, under /run/app only
 *         .withStreamLocal((conn, path) -> path.startsWith("/run/app/"), (conn, path) -> path.startsWith("/run/app/"))
 *         .withStreamLocalBindUnlink(true);
 * }</pre>
 */
public final class ForwardingPolicy {
    /** Decides one target or listen address. */
    @FunctionalInterface
    public interface Check {
        boolean allow(SshConnection connection, String host, int port);
    }

    /** Decides one Unix-domain socket path (already checked for length and NUL bytes). */
    @FunctionalInterface
    public interface PathCheck {
        boolean allow(SshConnection connection, String socketPath);
    }

    /** Decides agent forwarding for a connection's sessions. */
    @FunctionalInterface
    public interface ConnectionCheck {
        boolean allow(SshConnection connection);
    }

    private static final PathCheck NO_PATH = (c, p) -> false;
    private static final ConnectionCheck NO_AGENT = c -> false;

    public static final ForwardingPolicy DENY = new ForwardingPolicy((c, h, p) -> false, (c, h, p) -> false, NO_PATH, NO_PATH, false, NO_AGENT);

    final Check local;
    final Check remote;
    final PathCheck streamLocal;
    final PathCheck streamRemote;
    final boolean bindUnlink;
    final ConnectionCheck agent;

    private ForwardingPolicy(Check local, Check remote, PathCheck streamLocal, PathCheck streamRemote, boolean bindUnlink,
                             ConnectionCheck agent) {
        this.local = local;
        this.remote = remote;
        this.streamLocal = streamLocal;
        this.streamRemote = streamRemote;
        this.bindUnlink = bindUnlink;
        this.agent = agent;
    }

    /**
     * Agent forwarding ({@code auth-agent-req@openssh.com}, sshd's {@code AllowAgentForwarding}):
     * whether a session of this connection may get a forwarded-agent socket. Denied by default;
     * a login whose permissions lack {@code permit-agent-forwarding} is refused whatever this says.
     * The socket belongs to the session's OS user when logins are accounts.
     */
    public ForwardingPolicy withAgentForwarding(ConnectionCheck allow) {
        return new ForwardingPolicy(local, remote, streamLocal, streamRemote, bindUnlink, allow);
    }

    /**
     * TCP forwarding: {@code local} decides {@code direct-tcpip} ({@code ssh -L}: may the server
     * connect to host:port?), {@code remote} decides {@code tcpip-forward} ({@code ssh -R}: may it
     * listen there?). Unix-socket forwarding stays denied.
     */
    public static ForwardingPolicy of(Check local, Check remote) {
        return new ForwardingPolicy(local, remote, NO_PATH, NO_PATH, false, NO_AGENT);
    }

    /** Allows both kinds to and on the loopback address only; Unix-socket forwarding stays denied. */
    public static ForwardingPolicy loopbackOnly() {
        Check loop = (c, h, p) -> h.equals("127.0.0.1") || h.equals("localhost");
        return new ForwardingPolicy(loop, loop, NO_PATH, NO_PATH, false, NO_AGENT);
    }

    /**
     * Unix-socket forwarding (sshd's {@code AllowStreamLocalForwarding}): {@code connect} decides
     * {@code direct-streamlocal@openssh.com} ({@code ssh -L path:path}), {@code listen} decides
     * {@code streamlocal-forward@openssh.com} ({@code ssh -R path:path}).
     */
    public ForwardingPolicy withStreamLocal(PathCheck connect, PathCheck listen) {
        return new ForwardingPolicy(local, remote, connect, listen, bindUnlink, agent);
    }

    /**
     * sshd's {@code StreamLocalBindUnlink}: whether {@code streamlocal-forward} may remove an
     * existing file at the path before binding (default false: such a request is refused).
     */
    public ForwardingPolicy withStreamLocalBindUnlink(boolean unlink) {
        return new ForwardingPolicy(local, remote, streamLocal, streamRemote, unlink, agent);
    }

    /**
     * What a server running as root must add when logins are OS accounts, because it makes
     * forwards itself rather than as the account: like sshd, only root may listen on a port
     * below 1024 ({@code IPPORT_RESERVED}); and Unix-socket forwards, whose file permissions are
     * the point, are refused to other accounts (sshd makes them as the account; sshwire cannot
     * yet, and will not make them as root on an account's behalf).
     */
    ForwardingPolicy asAccountsOf(UserAccounts accounts) {
        java.util.function.Predicate<SshConnection> root = c -> accounts.lookup(c.user()).map(UserAccount::isRoot).orElse(false);
        Check privileged = (c, h, p) -> remote.allow(c, h, p) && (p == 0 || p >= 1024 || root.test(c));
        return new ForwardingPolicy(local, privileged, (c, p) -> root.test(c) && streamLocal.allow(c, p),
                (c, p) -> root.test(c) && streamRemote.allow(c, p), bindUnlink, agent);
    }
}
