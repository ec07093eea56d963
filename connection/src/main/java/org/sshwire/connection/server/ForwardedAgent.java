package org.sshwire.connection.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.sshwire.auth.Permissions;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.internal.channel.Splice;
import org.sshwire.transport.wire.Bytes;

/**
 * The server's side of agent forwarding ({@code auth-agent-req@openssh.com}, OpenSSH PROTOCOL
 * §2.1.1): as sshd's {@code auth_input_request_forwarding}, a Unix socket in a new directory
 * {@code /tmp/ssh-XXXX/agent.N} (directory 0700, socket 0600, both owned by the session's OS
 * user), {@code SSH_AUTH_SOCK} in the session's environment, one {@code auth-agent@openssh.com}
 * channel to the client per connection to the socket, and both removed when the session ends.
 * Allowed only when the policy allows it ({@link ForwardingPolicy#withAgentForwarding}, sshd's
 * AllowAgentForwarding) and the login's permissions do ({@code no-agent-forwarding}, {@code restrict}).
 */
final class ForwardedAgent {
    private static final System.Logger LOG = System.getLogger(ForwardedAgent.class.getName());
    static final String CHANNEL = "auth-agent@openssh.com";

    private final ServerSocketChannel listener;
    private final Path dir;
    private final Path socket;

    private ForwardedAgent(ServerSocketChannel listener, Path dir, Path socket) {
        this.listener = listener;
        this.dir = dir;
        this.socket = socket;
    }

    /** Starts forwarding for {@code session}; false when refused or when it cannot be set up. */
    static boolean start(Session session, ServerSettings settings) {
        SshConnection conn = session.connection();
        if (session.agentSocket().isPresent() || session.requestType() != null
                || !session.permissions().hasExtension(Permissions.PERMIT_AGENT_FORWARDING)
                || !settings.forwarding.agent.allow(conn)) {
            return false;
        }
        ForwardedAgent fa;
        try {
            fa = listen(session);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "agent forwarding socket could not be made", e);
            return false;
        }
        if (!session.putEnv("SSH_AUTH_SOCK", fa.socket.toString())) {
            fa.close();
            return false;
        }
        session.setAgentSocket(fa.socket);
        session.channel().closeFuture().whenComplete((v, t) -> fa.close());
        conn.context().onCancel(fa::close);
        settings.executor.execute(() -> fa.acceptLoop(conn, settings));
        return true;
    }

    private static ForwardedAgent listen(Session session) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ssh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("agent." + session.channel().id());
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ss.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            UserAccount account = session.account().orElse(null);
            if (account != null && !account.name().equals(System.getProperty("user.name"))) {
                // The session's processes run as the account: the socket and its directory are theirs alone.
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(socket, users.lookupPrincipalByName(account.name()));
                Files.setOwner(dir, users.lookupPrincipalByName(account.name()));
            }
        } catch (IOException | RuntimeException e) {
            ss.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
            throw e;
        }
        return new ForwardedAgent(ss, dir, socket);
    }

    private void acceptLoop(SshConnection conn, ServerSettings settings) {
        while (listener.isOpen()) {
            SocketChannel s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            settings.executor.execute(() -> {
                try {
                    Channel ch = conn.openChannel(CHANNEL, Bytes.EMPTY); // no channel-specific data
                    Splice.start(s, ch, settings.executor);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "auth-agent@openssh.com open failed", e);
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // already failing
                    }
                }
            });
        }
    }

    private void close() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing agent listener", e);
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove agent socket " + socket, e);
        }
    }
}
