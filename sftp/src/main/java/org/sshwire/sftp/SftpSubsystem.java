package org.sshwire.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.sshwire.connection.server.Session;
import org.sshwire.connection.server.SessionHandler;

/**
 * The {@code sftp} subsystem for {@link org.sshwire.connection.server.SshServer}: SFTP v3 over
 * the session channel, jailed under a root directory (issue 7 item 4).
 *
 * <pre>{@code
 * SshServer.builder().subsystem("sftp", SftpSubsystem.rootedAt(Path.of("/srv/sftp")))...;
 * SshServer.builder().subsystem("sftp", SftpSubsystem.perUser(user -> Path.of("/srv/home", user)))...;
 * }</pre>
 */
public final class SftpSubsystem implements SessionHandler {
    /** Filesystem work of every session runs here, off the connection's threads (DESIGN §3). */
    private static final ExecutorService FILE_WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sshwire-sftp-fs");
        t.setDaemon(true);
        return t;
    });

    private final Function<String, Path> rootForUser;
    private final SftpServerConfig config;
    /** Whether clients start in the login account's home directory rather than at the root. */
    private final boolean startInHome;

    private SftpSubsystem(Function<String, Path> rootForUser, SftpServerConfig config, boolean startInHome) {
        this.rootForUser = Objects.requireNonNull(rootForUser);
        this.config = Objects.requireNonNull(config);
        this.startInHome = startInHome;
    }

    /**
     * OpenSSH's sftp-server semantics in this JVM: the whole filesystem with this process's
     * rights, starting in the login account's home directory ({@link Session#account()}, else
     * this JVM's {@code user.home}). Only for logins that are this JVM's own account: others need
     * a child process under their own identity, which sshwire's server starts for them.
     */
    public static SftpSubsystem wholeFileSystem() {
        return new SftpSubsystem(user -> Path.of("/"), SftpServerConfig.defaults(), true);
    }

    /** Every user sees {@code root} as {@code /}. */
    public static SftpSubsystem rootedAt(Path root) {
        return new SftpSubsystem(user -> root, SftpServerConfig.defaults(), false);
    }

    /** Each authenticated user gets their own root (which must exist). */
    public static SftpSubsystem perUser(Function<String, Path> rootForUser) {
        return new SftpSubsystem(rootForUser, SftpServerConfig.defaults(), false);
    }

    /** The same subsystem with another server configuration (read-only, allow/deny lists, limits). */
    public SftpSubsystem withConfig(SftpServerConfig c) {
        return new SftpSubsystem(rootForUser, c, startInHome);
    }

    @Override
    public void handle(Session session) throws IOException {
        Path root = rootForUser.apply(session.user());
        if (root == null || !Files.isDirectory(root)) {
            session.stderr().write(("sftp: no SFTP root for " + session.user() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            session.exit(1);
            return;
        }
        RootedFileSystem fs = startInHome
                ? RootedFileSystem.builder(root).startDirectory(session.account().map(a -> a.home().toString())
                        .orElse(System.getProperty("user.home"))).build()
                : RootedFileSystem.at(root);
        new SftpStreamServer(fs, config, FILE_WORK).serve(session.stdin(), session.stdout());
        session.exit(0);
    }
}
