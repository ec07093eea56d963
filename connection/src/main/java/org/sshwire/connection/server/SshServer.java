package org.sshwire.connection.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.SshServerEngine;
import org.sshwire.connection.channel.ChannelTap;
import org.sshwire.connection.internal.channel.KeepaliveTimer;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.internal.driver.EngineDriver;
import org.sshwire.connection.internal.driver.NioAcceptor;
import org.sshwire.connection.internal.driver.NioConnection;
import org.sshwire.connection.internal.driver.ProxyHeaderReader;
import org.sshwire.connection.IoThreads;
import org.sshwire.connection.internal.driver.NioLoops;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.connection.internal.server.HostKeyDirectory;
import org.sshwire.connection.internal.sshd.ConfiguredServer;
import org.sshwire.connection.config.SshdConfig;
import org.sshwire.connection.config.SshdConfigException;
import org.sshwire.connection.internal.channel.ConnectionInternals;

/**
 * An SSH server (gliderlabs/ssh in Java form): non-blocking sockets on a few selector threads,
 * user code on an executor.
 *
 * <pre>{@code
 * SshServer server = SshServer.builder()
 *         .listen("127.0.0.1", 0)
 *         .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> keys, crypto)).build())
 *         .handler(new ProcessHandler())
 *         .subsystem("sftp", sftpHandler)
 *         .build().start();
 * int port = server.port();
 * ...
 * server.close();
 * }</pre>
 */
public final class SshServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SshServer.class.getName());

    private final ServerSettings settings;
    private final InetSocketAddress address;
    private final NioLoops loops;
    private final boolean ownLoops;
    private final ExecutorService ownExecutor;
    private final Set<SshConnection> connections = ConcurrentHashMap.newKeySet();
    private final PendingStartups startups = new PendingStartups();
    /** Connections from trusted load balancers whose PROXY header has not arrived yet. */
    private final java.util.concurrent.atomic.AtomicInteger awaitingHeader = new java.util.concurrent.atomic.AtomicInteger();
    private final NetBlocks blocks;
    private final SourcePenalties penalties;
    /** Host keys: given, or from the data directory, or (neither) one for this run; resolved at start. */
    private final List<SshKeyPair> configuredKeys;
    private final Path dataDirectory;
    private final UnaryOperator<TransportConfig.Builder> transport;
    private final CryptoBackend crypto;
    /** Research hooks per connection (DESIGN §5), or null: none, at no cost. */
    private final java.util.function.Function<org.sshwire.transport.ConnectionInfo, org.sshwire.connection.research.ConnectionResearch> research;
    private NioAcceptor acceptor;

    /** What sshd.c drop_connection() writes to a client it refuses. */
    private static final byte[] NOT_ALLOWED = "Not allowed at this time\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SshServer(Builder b, ServerSettings s) {
        this.settings = s;
        this.address = b.address;
        this.ownLoops = b.loops == null;
        this.loops = b.loops != null ? b.loops : NioLoops.create(Runtime.getRuntime().availableProcessors(), "sshwire-server");
        this.ownExecutor = b.executor == null ? Executors.newCachedThreadPool(daemon("sshwire-server-worker")) : null;
        s.executor = b.executor != null ? b.executor : ownExecutor;
        this.blocks = new NetBlocks(s.netBlockV4, s.netBlockV6);
        this.penalties = new SourcePenalties(s.penalties, blocks, s.penaltyExempt, System::nanoTime);
        this.configuredKeys = List.copyOf(b.hostKeys);
        this.dataDirectory = b.dataDirectory;
        this.transport = b.transport;
        this.crypto = b.crypto;
        this.research = b.research;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A server as sshd would run {@code config}: every keyword applied or refused with its file
     * and line ({@link SshdConfigException}), the first ListenAddress/Port, the HostKey files with
     * their HostCertificate, logins as operating-system accounts ({@link UserAccounts#system()};
     * sessions run as the account when the JVM is root), AuthorizedKeysFile, TrustedUserCAKeys,
     * RevokedKeys, Allow/Deny Users/Groups, PermitRootLogin, ForceCommand, PermitTTY and the
     * forwarding keywords per login with the Match blocks that apply to it, the algorithm lists,
     * limits and timeouts. The library has no password database (sshd asks PAM): passwords are
     * checked by {@code passwords}, the file's rules first; null refuses every password.
     * {@code Subsystem sftp internal-sftp} needs the program's SFTP handler, registered by name
     * before {@link Builder#build()} (the sftp module builds on this one); an in-process handler
     * has the JVM's rights, so a root JVM serving other accounts registers one that runs as the
     * account, as below. Everything else can be adjusted on the returned builder. README "Run the
     * server" lists the keywords; differences from sshd are the same as {@code sshwire server -f}'s.
     *
     * <pre>{@code
     * SshServer server = SshServer.builder(SshdConfig.load(Path.of("/etc/myapp/sshd_config")),
     *                 (conn, user, password) -> directory.check(user, password) ? Decision.accept() : Decision.reject())
     *         .subsystem("sftp", ProcessHandler.subsystem("/usr/lib/openssh/sftp-server"))
     *         .build().start();
     * }</pre>
     *
     * @throws SshdConfigException a keyword or value sshwire does not implement, no usable host key,
     *                             or a file (TrustedUserCAKeys, RevokedKeys, Banner) that cannot be read
     */
    public static Builder builder(SshdConfig config, ServerAuthPolicy.PasswordCallback passwords) {
        return ConfiguredServer.builder(config, passwords, CryptoBackend.defaultBackend());
    }

    /**
     * Loads or generates the host keys (see {@link Builder#dataDirectory}), binds the listening
     * socket and starts accepting.
     *
     * @throws IOException when the data directory's host keys cannot be read or written, or the
     *                     address cannot be bound
     */
    public synchronized SshServer start() throws IOException {
        if (acceptor != null) {
            throw new IllegalStateException("already started");
        }
        if (settings.transport == null) {
            List<SshKeyPair> keys = hostKeyPairs();
            settings.transport = transport.apply(TransportConfig.server(keys).crypto(crypto)).build();
            settings.hostKeys = List.copyOf(keys);
        }
        acceptor = NioAcceptor.bind(address, 1024, loops, this::accept);
        return this;
    }

    /**
     * The given host keys; else those of the data directory, generated there once; else a key
     * for this run only, with a warning, since every client that saved it will see "host key
     * changed" at the next start (which is why sshd and MINA keep theirs in files).
     */
    private List<SshKeyPair> hostKeyPairs() throws IOException {
        if (!configuredKeys.isEmpty()) {
            return configuredKeys;
        }
        if (dataDirectory != null) {
            return HostKeyDirectory.loadOrGenerate(dataDirectory, List.of("ssh-ed25519"), crypto);
        }
        SshKeyPair k = SshKeyPair.generate("ssh-ed25519", 0, crypto);
        LOG.log(Level.WARNING, "no host key and no data directory: this run uses a new ssh-ed25519 host key {0}, "
                + "so clients will see a new host key at every start and refuse it or warn of an attack; "
                + "give SshServer.Builder.dataDirectory(...) to keep one, or hostKey(...)", k.publicKey().fingerprintSha256());
        return List.of(k);
    }

    /**
     * The public host keys clients are offered, in order (e.g. to print their fingerprints or
     * publish them in known_hosts form).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public List<SshPublicKey> hostKeys() {
        List<SshKeyPair> keys = settings.hostKeys;
        if (keys == null) {
            throw new IllegalStateException("host keys are known once the server started");
        }
        return keys.stream().map(SshKeyPair::publicKey).toList();
    }

    /** The bound port (the free port chosen when 0 was asked for). */
    public int port() {
        return acceptor.localAddress().getPort();
    }

    public InetSocketAddress address() {
        return acceptor.localAddress();
    }

    /** Connections open now. */
    public Set<SshConnection> connections() {
        return Set.copyOf(connections);
    }

    /** Stops listening and disconnects every connection. */
    @Override
    public void close() {
        if (acceptor != null) {
            acceptor.close();
        }
        for (SshConnection c : connections) {
            c.close();
        }
        if (ownLoops) {
            loops.close();
        }
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    /** Connections accepted that have not authenticated yet (what MaxStartups limits); for tests. */
    int pendingStartups() {
        return startups.pending();
    }

    /** Source blocks holding a penalty now, active or not; for tests. */
    int penalisedSources() {
        return penalties.size();
    }

    private void accept(SocketChannel socket) {
        InetSocketAddress remote;
        InetSocketAddress local;
        try {
            remote = (InetSocketAddress) socket.getRemoteAddress();
            local = (InetSocketAddress) socket.getLocalAddress();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "accepted socket failed", e);
            closeQuietly(socket);
            return;
        }
        InetAddress lb = remote.getAddress();
        if (settings.proxyProtocolFrom.stream().noneMatch(c -> c.contains(lb))) {
            admit(socket, remote, local, null);
            return;
        }
        // A trusted load balancer: its PROXY header names the client, and everything below
        // (penalties, MaxStartups, Match Address, the audit log) sees that address instead.
        // Sockets waiting for their header count against maxConnections, so a balancer that
        // opens connections and sends nothing holds at most that many, each for LoginGraceTime.
        if (connections.size() + awaitingHeader.get() >= settings.maxConnections) {
            LOG.log(Level.DEBUG, "drop connection from load balancer {0}: past maxConnections", remote);
            closeQuietly(socket); // nothing written: the balancer expects no bytes before SSH's
            return;
        }
        awaitingHeader.incrementAndGet();
        try {
            ProxyHeaderReader.start(socket, remote, loops, settings.authConfig.graceTime(), (h, rest) -> {
                awaitingHeader.decrementAndGet();
                admit(socket, h.keepsSocketAddresses() ? remote : h.source(), local, rest);
            }, awaitingHeader::decrementAndGet);
        } catch (IOException e) {
            awaitingHeader.decrementAndGet();
            LOG.log(Level.DEBUG, "accepted socket failed", e);
            closeQuietly(socket);
        }
    }

    /** Admits (or refuses) a client at {@code remote}; {@code prefix}: its bytes read already, or null. */
    private void admit(SocketChannel socket, InetSocketAddress remote, InetSocketAddress local, ByteBuffer prefix) {
        InetAddress source = remote.getAddress();
        String block = blocks.key(source);
        // sshd.c drop_connection(): penalties first, then MaxStartups and PerSourceMaxStartups.
        String why = penalties.refusal(source);
        if (why == null && (connections.size() >= settings.maxConnections || settings.maxStartups.refuse(startups.pending()))) {
            why = "past MaxStartups";
        }
        if (why == null && startups.pendingFrom(block) >= settings.perSourceMaxStartups) {
            why = "past PerSourceMaxStartups";
        }
        if (why != null) {
            LOG.log(Level.DEBUG, "drop connection from {0}: {1}", remote, why);
            refuse(socket); // before any work
            return;
        }
        SshServerEngine engine;
        try {
            engine = research == null ? new SshServerEngine(settings.transport, settings.authConfig, settings.connectionConfig)
                    : researchEngine(local, remote);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "research hooks for a connection from " + remote + " failed; closing it", e);
            closeQuietly(socket);
            return;
        }
        if (settings.announceHostKeys) {
            engine.announceHostKeysAfterLogin(HostKeysProver.announced(settings.hostKeys));
        }
        Runnable startupEnded = startups.begin(block);
        SshConnection[] holder = new SshConnection[1];
        Runnable closed = () -> {
            startupEnded.run();
            if (holder[0] != null) {
                connections.remove(holder[0]);
                penalties.penalise(source, offence(holder[0]));
            }
        };
        try {
            SshConnection conn = ConnectionInternals.create(new ServerHooks(settings, startupEnded, closed), settings.tap);
            holder[0] = conn;
            connections.add(conn);
            NioConnection nc = NioConnection.start(socket, loops, remote, prefix,
                    n -> ConnectionInternals.bind(conn, new EngineDriver(engine, n::kick, ev -> dispatch(conn, ev)), remote, local));
            ConnectionInternals.onCloseTransport(conn, nc::closeSocket);
            KeepaliveTimer.start(conn, settings.keepaliveInterval, settings.keepaliveMaxMissed, settings.idleTimeout);
            ConnectionTimeouts.start(conn, settings.channelTimeouts, settings.unusedConnectionTimeout);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "accepted socket failed", e);
            holder[0] = null;
            closed.run();
            closeQuietly(socket);
        }
    }

    /** A server engine with this connection's research hooks and channel configuration. */
    private SshServerEngine researchEngine(InetSocketAddress local, InetSocketAddress remote) {
        org.sshwire.transport.ConnectionInfo opening = org.sshwire.transport.ConnectionInfo.opening(
                org.sshwire.connection.internal.driver.ConnectionIds.next(), local, remote);
        org.sshwire.connection.research.ConnectionResearch r = java.util.Objects.requireNonNull(research.apply(opening),
                "research(...) returned null");
        return new SshServerEngine(settings.transport, settings.authConfig, r.connection().apply(settings.connectionConfig),
                opening, r.hooks());
    }

    /**
     * One event to the connection, on the I/O path. User code runs there too (a channel tap, the
     * user's executor taking a task): if it throws, that connection ends with a DISCONNECT, as
     * when a transport hook throws (DESIGN §5), rather than going on with an event half handled.
     */
    private static void dispatch(SshConnection conn, org.sshwire.connection.SshEvent ev) {
        try {
            ConnectionInternals.onEvent(conn, ev);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            LOG.log(Level.WARNING, "handling " + ev + " for " + conn.remoteAddress() + " failed; closing the connection", e);
            ConnectionInternals.driver(conn).run(en -> {
                if (!en.isClosed()) {
                    en.transport().disconnect(org.sshwire.transport.wire.DisconnectReason.BY_APPLICATION, "internal error");
                }
            });
        }
    }

    /**
     * How a connection that closed counts against its source (sshd.c child_reap()): nothing once
     * authenticated; else grace-exceeded, authfail after failed attempts, noauth otherwise.
     */
    private static SourcePenalties.Offence offence(SshConnection conn) {
        if (ConnectionInternals.driver(conn) == null) {
            return SourcePenalties.Offence.NOAUTH; // the socket failed before the engine ran
        }
        return ConnectionInternals.driver(conn).call(e -> {
            SshServerEngine s = (SshServerEngine) e;
            if (s.isAuthenticated()) {
                return SourcePenalties.Offence.NONE;
            }
            if (s.loginGraceExpired()) {
                return SourcePenalties.Offence.GRACE_EXCEEDED;
            }
            return s.auth() != null && s.auth().failures() > 0 ? SourcePenalties.Offence.AUTHFAIL
                    : SourcePenalties.Offence.NOAUTH;
        });
    }

    /** sshd's best-effort notice to a dropped client, then the close. */
    private static void refuse(SocketChannel socket) {
        try {
            socket.write(ByteBuffer.wrap(NOT_ALLOWED));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "notice to a refused client failed", e);
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close of a refused socket failed", e);
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures an {@link SshServer}. */
    public static final class Builder {
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        private final List<SshKeyPair> hostKeys = new ArrayList<>();
        private Path dataDirectory;
        private UnaryOperator<TransportConfig.Builder> transport = UnaryOperator.identity();
        private ServerAuthConfig authConfig;
        private ServerAuthPolicy authPolicy = ServerAuthPolicy.builder().build();
        private final Map<String, SessionHandler> subsystems = new HashMap<>();
        private final Map<String, ChannelHandler> channelTypes = new HashMap<>();
        private final Map<String, GlobalRequestHandler> globalRequests = new HashMap<>();
        private final ServerSettings s = new ServerSettings();
        private Executor executor;
        private NioLoops loops;
        private CryptoBackend crypto = CryptoBackend.defaultBackend();
        private java.util.function.Function<org.sshwire.transport.ConnectionInfo, org.sshwire.connection.research.ConnectionResearch> research;

        /** Where to listen (default 127.0.0.1, port 0 = a free port). */
        public Builder listen(String host, int port) {
            address = new InetSocketAddress(host, port);
            return this;
        }

        /** A host key to offer; once any is given, no host key comes from {@link #dataDirectory}. */
        public Builder hostKey(SshKeyPair key) {
            hostKeys.add(java.util.Objects.requireNonNull(key));
            return this;
        }

        /**
         * Where the server keeps its state, as sshd keeps {@code /etc/ssh}: without
         * {@link #hostKey}s, the host keys are the OpenSSH-named files there
         * ({@code ssh_host_ed25519_key}, {@code ssh_host_ecdsa_key}, {@code ssh_host_rsa_key}),
         * and a missing {@code ssh_host_ed25519_key} is generated at the first {@link SshServer#start()}
         * (an unencrypted OpenSSH private key file, mode 0600, directory 0700, plus its
         * {@code .pub}) and reused by every later start, so clients keep trusting the server. A key
         * file others may read is refused, as sshd refuses it. Without host keys and without a
         * data directory, each start uses a new key and logs a warning.
         *
         * <pre>{@code
         * SshServer.builder().dataDirectory(Path.of("/var/lib/myapp/ssh")).build().start();
         * }</pre>
         */
        public Builder dataDirectory(Path dir) {
            dataDirectory = java.util.Objects.requireNonNull(dir);
            return this;
        }

        /** Loads an OpenSSH or PEM private key file (unencrypted). */
        public Builder hostKeyFile(Path file) throws IOException {
            return hostKey(KeyFiles.readPrivateKey(Files.readAllBytes(file), null, crypto));
        }

        /**
         * Research (DESIGN §5; off by default): for each accepted connection, {@code perConnection}
         * is called with its id and addresses and returns that connection's hooks, transport
         * policy and channel configuration. A hook that throws ends only its own connection, with
         * DISCONNECT BY_APPLICATION, and frees its MaxStartups slot.
         *
         * <pre>{@code
         * SshServer.builder().research(info -> ConnectionResearch.of(ConnectionHooks.builder()
         *         .messageObserver((c, dir, seq, m) -> System.out.println(c.id() + " " + c.remoteAddress() + " " + dir + " " + m))
         *         .build()));
         * }</pre>
         */
        public Builder research(java.util.function.Function<org.sshwire.transport.ConnectionInfo,
                org.sshwire.connection.research.ConnectionResearch> perConnection) {
            research = java.util.Objects.requireNonNull(perConnection);
            return this;
        }

        /** Adjusts the transport (algorithms, rekey policy, observers) on top of the defaults. */
        public Builder transport(UnaryOperator<TransportConfig.Builder> t) {
            transport = t;
            return this;
        }

        /** Methods, MaxAuthTries, grace time, banner. Default: publickey, password, keyboard-interactive. */
        public Builder authConfig(ServerAuthConfig c) {
            authConfig = c;
            return this;
        }

        /**
         * Who may log in: verifiers from {@code org.sshwire.auth}, or callbacks that see the
         * connection's {@link org.sshwire.auth.ConnectionMetadata} (addresses, versions, session
         * id; values they {@code put} are in every {@link Session#context()} of the connection)
         * and answer with permissions the server enforces. They run on the executor.
         *
         * <pre>{@code
         * .auth(ServerAuthPolicy.builder().passwordCallback((conn, user, password) ->
         *         conn.remoteAddress().getAddress().isLoopbackAddress() && table.matches(user, password)
         *                 ? Decision.accept(Permissions.DEFAULT.withCriticalOption(Permissions.FORCE_COMMAND, "backup"))
         *                 : Decision.reject()).build())
         * }</pre>
         */
        public Builder auth(ServerAuthPolicy p) {
            authPolicy = p;
            return this;
        }

        /**
         * Ties logins to operating-system accounts: a name without an account is refused like a
         * wrong password, and {@link Session#account()} gives each session's account (which
         * {@link ProcessHandler} runs it as). Default: none, login names are the application's.
         *
         * <pre>{@code
         * builder.accounts(UserAccounts.system()).handler(new ProcessHandler());
         * }</pre>
         */
        public Builder accounts(UserAccounts a) {
            s.accounts = a;
            return this;
        }

        /**
         * Which client {@code env} requests a session takes, as sshd_config's {@code AcceptEnv}
         * ({@code *} and {@code ?} wildcards). Default {@code LANG, LC_*} (Debian's sshd_config).
         * Variables that change how programs load or which run (LD_*, BASH_ENV, PATH, ...) pass
         * only when named exactly, never through a wildcard.
         */
        public Builder acceptEnv(List<String> patterns) {
            s.acceptEnv = new AcceptEnv(patterns);
            return this;
        }

        /** Runs exec commands and shells. */
        public Builder handler(SessionHandler h) {
            s.handler = h;
            return this;
        }

        /** Runs a subsystem; the name "default" serves any subsystem without its own handler. */
        public Builder subsystem(String name, SessionHandler h) {
            subsystems.put(name, h);
            return this;
        }

        /**
         * Handles every channel open of type {@code name} with {@code h} instead of the server's
         * own handling; a handler for {@code "session"} takes session channels away from
         * {@link #handler} (a bastion relays them raw, requests and all).
         */
        public Builder channelType(String name, ChannelHandler h) {
            channelTypes.put(name, h);
            return this;
        }

        public Builder globalRequest(String name, GlobalRequestHandler h) {
            globalRequests.put(name, h);
            return this;
        }

        /** Whether a pty may be allocated (after the login's {@code permit-pty}). */
        public Builder ptyPolicy(BiPredicate<Session, Pty> p) {
            s.ptyPolicy = p;
            return this;
        }

        /** Whether an exec, shell or subsystem request ("exec", "shell", "subsystem") may run. */
        public Builder sessionRequestPolicy(BiPredicate<Session, String> p) {
            s.sessionPolicy = p;
            return this;
        }

        /**
         * Whether to announce every host key with {@code hostkeys-00@openssh.com} after
         * authentication, as sshd does, so that clients with {@code UpdateHostKeys} learn new
         * keys before a rotation (OpenSSH PROTOCOL §2.5). Default true; {@code hostkeys-prove-00}
         * requests are answered either way.
         */
        public Builder announceHostKeys(boolean announce) {
            s.announceHostKeys = announce;
            return this;
        }

        /**
         * Whether to time three {@code keepalive@openssh.com} requests after authentication with an
         * OpenSSH client and, where the round trip is short, send channel data at most a few
         * hundred KiB ahead of what it has given back instead of filling its whole window (see
         * {@link org.sshwire.connection.internal.channel.RoundTripProbe}). Default true; false keeps the
         * wire free of the probes and uses every window whole.
         */
        public Builder roundTripProbe(boolean probe) {
            s.roundTripProbe = probe;
            return this;
        }

        /**
         * Which TCP and Unix-socket forwards are allowed (default {@link ForwardingPolicy#DENY}).
         *
         * <pre>{@code
         * .forwarding(ForwardingPolicy.loopbackOnly()
         *         .withStreamLocal((c, path) -> path.startsWith("/tmp/fwd/"), (c, path) -> path.startsWith("/tmp/fwd/")))
         * }</pre>
         */
        public Builder forwarding(ForwardingPolicy p) {
            s.forwarding = p;
            return this;
        }

        /** Sees all channel data both ways. */
        public Builder tap(ChannelTap t) {
            s.tap = t;
            return this;
        }

        /** Channel limits and windows. */
        public Builder connectionConfig(ConnectionConfig c) {
            s.connectionConfig = c;
            return this;
        }

        /** Limits connections that have not authenticated yet (default {@link MaxStartups#DEFAULT}). */
        public Builder maxStartups(MaxStartups m) {
            s.maxStartups = java.util.Objects.requireNonNull(m);
            return this;
        }

        /**
         * OpenSSH MaxSessions (default 10): session channels a connection may have open at once;
         * one more is refused with CHANNEL_OPEN_FAILURE ADMINISTRATIVELY_PROHIBITED, as sshd
         * refuses it. Other channel types (forwarding) are not counted. 0 allows no sessions.
         */
        public Builder maxSessions(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative MaxSessions " + n);
            }
            s.maxSessions = n;
            return this;
        }

        /**
         * OpenSSH PerSourceMaxStartups: unauthenticated connections allowed from one source block
         * (see {@link #perSourceNetBlockSize}), on top of MaxStartups; 0 means no limit. Default
         * 5, stricter than sshd's none: without it one address that connects first can hold all
         * of MaxStartups' slots for a whole LoginGraceTime, and nobody else gets in; below
         * MaxStartups' start (10) one address cannot push other sources into random early drop.
         */
        public Builder perSourceMaxStartups(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative PerSourceMaxStartups " + n);
            }
            s.perSourceMaxStartups = n == 0 ? Integer.MAX_VALUE : n;
            return this;
        }

        /**
         * OpenSSH PerSourceNetBlockSize: how many leading bits of a source address form one source
         * for PerSourceMaxStartups and PerSourcePenalties (default 32 and 128: each address alone).
         */
        public Builder perSourceNetBlockSize(int v4Bits, int v6Bits) {
            new NetBlocks(v4Bits, v6Bits); // validates
            s.netBlockV4 = v4Bits;
            s.netBlockV6 = v6Bits;
            return this;
        }

        /**
         * OpenSSH PerSourcePenalties (default {@link PerSourcePenalties#DEFAULT}, on, as in sshd
         * 9.8+): sources whose connections fail authentication, leave without trying or outstay
         * LoginGraceTime are refused at accept for a while. Loopback is not exempt, as in sshd;
         * see {@link #perSourcePenaltyExemptList}.
         */
        public Builder perSourcePenalties(PerSourcePenalties p) {
            s.penalties = java.util.Objects.requireNonNull(p);
            return this;
        }

        /**
         * OpenSSH PerSourcePenaltyExemptList: comma-separated addresses or CIDR blocks never
         * penalised, e.g. {@code "127.0.0.0/8,::1"}; default none.
         *
         * @throws IllegalArgumentException for an entry that is not an address or block
         */
        public Builder perSourcePenaltyExemptList(String list) {
            s.penaltyExempt = NetBlocks.parseList(list);
            return this;
        }

        /**
         * Accepts the PROXY protocol (HAProxy's, versions 1 and 2) from load balancers at these
         * addresses or CIDR blocks, e.g. {@code List.of("10.0.0.0/24", "::1")}: a connection from
         * one must begin with a PROXY v1 line or v2 header, which must arrive within
         * LoginGraceTime (connections waiting for theirs count against maxConnections); the client address it names becomes the connection's
         * {@link SshConnection#remoteAddress()} (for MaxStartups, PerSourcePenalties, Match
         * Address, {@code user@host} patterns, {@code SSH_CLIENT}); {@code PROXY UNKNOWN} and v2
         * {@code LOCAL} keep the socket's address. A malformed header closes that connection
         * without a byte sent. Connections from other addresses are served as without this
         * setting (a PROXY header from one is a bad identification). Default: none.
         *
         * <pre>{@code
         * SshServer.builder().listen("0.0.0.0", 2200).proxyProtocol(List.of("10.0.0.5"))...
         * }</pre>
         *
         * @throws IllegalArgumentException for an entry that is not an address or block
         */
        public Builder proxyProtocol(List<String> trustedCidrs) {
            s.proxyProtocolFrom = NetBlocks.parseList(String.join(",", trustedCidrs));
            return this;
        }

        /**
         * OpenSSH ChannelTimeout (9.2+; default none): closes a channel of a type that has seen no
         * traffic for its time. Patterns as sshd's: {@code session}, {@code direct-tcpip},
         * {@code forwarded-tcpip}, {@code session:shell}, {@code session:exec},
         * {@code session:subsystem:sftp}, {@code x11-connection}, {@code agent-connection},
         * {@code global} ... with {@code *} wildcards, e.g. {@code "session=5m direct-tcpip=1m"}.
         */
        public Builder channelTimeout(String spec) {
            s.channelTimeouts = ChannelTimeouts.parse(spec);
            return this;
        }

        /**
         * OpenSSH UnusedConnectionTimeout (9.2+; default none): closes an authenticated connection
         * that has had no open channels for this long (zero: none).
         */
        public Builder unusedConnectionTimeout(Duration d) {
            s.unusedConnectionTimeout = d == null || d.isZero() ? null : d;
            return this;
        }

        public Builder maxConnections(int n) {
            s.maxConnections = n;
            return this;
        }

        /** Sends {@code keepalive@openssh.com} every interval; disconnects after {@code maxMissed} unanswered. */
        public Builder keepalive(Duration interval, int maxMissed) {
            s.keepaliveInterval = interval;
            s.keepaliveMaxMissed = maxMissed;
            return this;
        }

        /** Disconnects a connection with no traffic for this long. */
        public Builder idleTimeout(Duration d) {
            s.idleTimeout = d;
            return this;
        }

        /** Where handlers and callbacks run (default: a cached pool of daemon threads). */
        public Builder executor(Executor e) {
            executor = e;
            return this;
        }

        /** Selector threads (default: a group of one per core owned by this server). */
        public Builder ioThreads(IoThreads threads) {
            loops = NioLoops.of(threads);
            return this;
        }

        public Builder crypto(CryptoBackend c) {
            crypto = c;
            return this;
        }

        public SshServer build() {
            s.authConfig = authConfig != null ? authConfig
                    : ServerAuthConfig.builder().methods(List.of("publickey", "password", "keyboard-interactive")).crypto(crypto).build();
            s.authPolicy = authPolicy;
            if (s.accounts != null && SystemAccounts.jvmIsRoot()) {
                s.forwarding = s.forwarding.asAccountsOf(s.accounts);
            }
            subsystems.forEach((name, h) -> {
                if (h instanceof ConfiguredServer.InternalSftp) {
                    throw new IllegalStateException("the configuration's Subsystem " + name
                            + " internal-sftp needs an SFTP handler: builder.subsystem(\"" + name + "\", SftpSubsystem...)");
                }
            });
            s.subsystems = Map.copyOf(subsystems);
            s.channelTypes = Map.copyOf(channelTypes);
            s.globalRequests = Map.copyOf(globalRequests);
            return new SshServer(this, s);
        }
    }
}
