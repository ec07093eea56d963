package org.sshwire.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.sshwire.connection.server.Session;
import org.sshwire.connection.server.SessionHandler;
import org.sshwire.sftp.internal.SessionExecutor;
import org.sshwire.sftp.internal.SftpWorkers;

/**
 * The {@code sftp} subsystem for {@link org.sshwire.connection.server.SshServer}: SFTP v3 over
 * the session channel, each session on the {@link SftpFileSystem} a {@link FileSystemFactory}
 * chooses for it (by user, account, address — as MINA SSHD's {@code FileSystemFactory} or
 * pkg/sftp's {@code Handlers}), under an {@link SftpServerConfig} that may also depend on the
 * session.
 *
 * <p>File operations run on an executor: the one given to {@link Builder#executor}, which stays
 * the caller's to shut down, or else a bounded pool this subsystem owns and shuts down in
 * {@link #close()} (its idle threads end by themselves). At most 8 operations of one session
 * run at once, so a client that stops reading cannot hold every
 * thread. Close the subsystem after the server: {@code close()} ends the sessions still open
 * and refuses new ones.
 *
 * <pre>{@code
 * try (SftpSubsystem sftp = SftpSubsystem.builder(session -> switch (session.user()) {
 *             case "alice" -> RootedFileSystem.at(Path.of("/srv/alice"));
 *             case "guest" -> RootedFileSystem.at(inMemory.getPath("/pub"));
 *             default -> null;                       // no SFTP for anyone else
 *         })
 *         .config(session -> session.user().equals("guest")
 *                 ? SftpServerConfig.defaults().withReadOnly(true) : SftpServerConfig.defaults())
 *         .build();
 *      SshServer server = SshServer.builder().subsystem("sftp", sftp)...build().start()) {
 *     ...
 * }
 * SshServer.builder().subsystem("sftp", SftpSubsystem.rootedAt(Path.of("/srv/sftp")))...;
 * }</pre>
 */
public final class SftpSubsystem implements SessionHandler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SftpSubsystem.class.getName());

    /** Chooses the file system of one SFTP session. */
    @FunctionalInterface
    public interface FileSystemFactory {
        /**
         * The file system {@code session} works on, or null to refuse it SFTP (the subsystem
         * then fails with exit status 1 and says so on stderr). Called on the server's executor
         * once per session, after authentication: a factory may build a file system per session
         * or hand out a shared one; a per-session one that needs releasing can use
         * {@code session.context()}, which is cancelled when the connection closes.
         */
        SftpFileSystem fileSystemFor(Session session) throws IOException;
    }

    private final FileSystemFactory fileSystems;
    private final Function<? super Session, SftpServerConfig> configs;
    /** The user's executor, or null: then {@link #ownPool} is made on first use. */
    private final Executor userExecutor;
    private final Set<Session> active = ConcurrentHashMap.newKeySet();
    private ExecutorService ownPool; // guarded by this
    private boolean closed; // guarded by this

    private SftpSubsystem(FileSystemFactory fileSystems, Function<? super Session, SftpServerConfig> configs,
                          Executor executor) {
        this.fileSystems = fileSystems;
        this.configs = configs;
        this.userExecutor = executor;
    }

    /**
     * A subsystem serving each session the file system {@code fileSystems} chooses.
     *
     * <pre>{@code
     * SftpSubsystem sftp = SftpSubsystem.builder(s -> RootedFileSystem.at(Path.of("/srv", s.user())))
     *         .config(SftpServerConfig.defaults().withMaxHandles(64))
     *         .executor(myPool)   // optional
     *         .build();
     * }</pre>
     */
    public static Builder builder(FileSystemFactory fileSystems) {
        return new Builder(Objects.requireNonNull(fileSystems, "fileSystems"));
    }

    /** Options of an {@link SftpSubsystem}. */
    public static final class Builder {
        private final FileSystemFactory fileSystems;
        private Function<? super Session, SftpServerConfig> configs = s -> SftpServerConfig.defaults();
        private Executor executor;

        private Builder(FileSystemFactory fileSystems) {
            this.fileSystems = fileSystems;
        }

        /** One configuration for every session (default {@link SftpServerConfig#defaults()}). */
        public Builder config(SftpServerConfig config) {
            Objects.requireNonNull(config, "config");
            this.configs = s -> config;
            return this;
        }

        /** A configuration per session (read-only for some users, say); it must not return null. */
        public Builder config(Function<? super Session, SftpServerConfig> perSession) {
            this.configs = Objects.requireNonNull(perSession, "perSession");
            return this;
        }

        /**
         * Where file operations run (a pool of your own; on Java 21+ a virtual-thread executor).
         * The subsystem never shuts it down. Without one, the subsystem owns a bounded pool.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public SftpSubsystem build() {
            return new SftpSubsystem(fileSystems, configs, executor);
        }
    }

    /**
     * OpenSSH's sftp-server semantics in this JVM: the whole filesystem with this process's
     * rights, starting in the login account's home directory ({@link Session#account()}, else
     * this JVM's {@code user.home}). Only for logins that are this JVM's own account: others need
     * a child process under their own identity, which sshwire's server starts for them.
     */
    public static SftpSubsystem wholeFileSystem() {
        return builder(session -> RootedFileSystem.builder(Path.of("/"))
                .startDirectory(session.account().map(a -> a.home().toString()).orElse(System.getProperty("user.home")))
                .build()).build();
    }

    /** Every user sees {@code root} as {@code /}. */
    public static SftpSubsystem rootedAt(Path root) {
        Objects.requireNonNull(root, "root");
        return perUser(user -> root);
    }

    /** Each authenticated user gets their own root (which must exist; null or missing: no SFTP). */
    public static SftpSubsystem perUser(Function<String, Path> rootForUser) {
        Objects.requireNonNull(rootForUser, "rootForUser");
        return builder(session -> {
            Path root = rootForUser.apply(session.user());
            return root == null || !Files.isDirectory(root) ? null : RootedFileSystem.at(root);
        }).build();
    }

    /**
     * A new subsystem like this one with another configuration for every session (read-only,
     * allow/deny lists, limits). Configure before registering: this one is left as it was.
     */
    public SftpSubsystem withConfig(SftpServerConfig c) {
        Objects.requireNonNull(c, "c");
        return new SftpSubsystem(fileSystems, s -> c, userExecutor);
    }

    @Override
    public void handle(Session session) throws IOException {
        Executor pool = executor();
        if (pool == null) {
            refuse(session, "sftp: the SFTP subsystem is closed");
            return;
        }
        SftpFileSystem fs;
        SftpServerConfig config;
        try {
            fs = fileSystems.fileSystemFor(session);
            config = fs == null ? null : Objects.requireNonNull(configs.apply(session), "configuration for the session");
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "no SFTP file system for " + session.user(), e);
            refuse(session, "sftp: no SFTP file system for " + session.user() + ": " + e.getMessage());
            return;
        }
        if (fs == null) {
            refuse(session, "sftp: no SFTP file system for " + session.user());
            return;
        }
        active.add(session);
        try {
            synchronized (this) {
                if (closed) { // closed while the file system was chosen: close() missed this session
                    refuse(session, "sftp: the SFTP subsystem is closed");
                    return;
                }
            }
            new SftpStreamServer(fs, config, new SessionExecutor(pool, SftpWorkers.PER_SESSION))
                    .serve(session.stdin(), session.stdout());
        } finally {
            active.remove(session);
        }
        session.exit(0);
    }

    /** The executor for a new session, starting the owned pool if needed; null once closed. */
    private synchronized Executor executor() {
        if (closed) {
            return null;
        }
        if (userExecutor != null) {
            return userExecutor;
        }
        if (ownPool == null) {
            ownPool = SftpWorkers.newPool();
        }
        return ownPool;
    }

    private static void refuse(Session session, String why) throws IOException {
        session.stderr().write((why + "\n").getBytes(StandardCharsets.UTF_8));
        session.exit(1);
    }

    /**
     * Refuses new sessions, ends those still open (their clients see the channel close, as when
     * sshd stops an sftp-server; unfinished uploads are discarded) and shuts down the pool this
     * subsystem owns — not an executor given to {@link Builder#executor}. Idempotent.
     */
    @Override
    public void close() {
        ExecutorService pool;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pool = ownPool;
        }
        for (Session s : active) {
            s.exitSignal("TERM", false, "SFTP subsystem closed");
        }
        if (pool != null) {
            // Operations already queued still run (and their sessions end cleanly); idle
            // threads then exit. Work released after this runs on the session's own thread.
            pool.shutdown();
        }
    }
}
