package org.sshwire.connection.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.Identity;
import org.sshwire.connection.SshClientEngine;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.internal.channel.KeepaliveTimer;
import org.sshwire.connection.internal.channel.RoundTripProbe;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.internal.driver.EngineDriver;
import org.sshwire.connection.internal.driver.NioConnection;
import org.sshwire.connection.IoThreads;
import org.sshwire.connection.internal.driver.NioLoops;
import org.sshwire.connection.internal.driver.StreamConnection;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.connection.internal.channel.ConnectionInternals;

/**
 * One authenticated client connection (Go's {@code ssh.Client}): sessions, exec, port forwards.
 *
 * <pre>{@code
 * try (SshClient c = SshClient.builder("alice").identity(key)
 *         .hostKeyVerifier(HostKeyVerifier.knownHosts(knownHosts)).connect("127.0.0.1", 22)) {
 *     CommandResult r = c.exec("echo hi").collect(); // stdout, stderr and the exit, read together
 *     System.out.print(r.stdoutText());
 *     System.out.println("exit " + r.exit());
 * }
 * }</pre>
 */
public final class SshClient implements AutoCloseable {
    private final SshConnection conn;
    private final ClientHooks hooks;
    private final Executor executor;
    private final List<AutoCloseable> forwards = new ArrayList<>();
    /** How long to wait for the server's answer to a request made after login (the builder's timeout). */
    private final Duration replyTimeout;

    private SshClient(SshConnection conn, ClientHooks hooks, Executor executor, Duration replyTimeout) {
        this.conn = conn;
        this.hooks = hooks;
        this.executor = executor;
        this.replyTimeout = replyTimeout;
    }

    public static Builder builder(String user) {
        return new Builder(user);
    }

    /**
     * A builder set up as ssh would be for an ssh_config host entry: user, identity files (those
     * that need no passphrase), algorithm lists, Compression, ConnectTimeout, ServerAlive*, and the
     * known_hosts check (UserKnownHostsFile, GlobalKnownHostsFile, HostKeyAlias,
     * StrictHostKeyChecking: "ask" refuses an unknown key, as there is nobody to ask). Agent keys
     * are not added here, since the agent connection must outlive the builder: add them with
     * {@link Builder#agent} and close the agent once connected.
     *
     * <pre>{@code
     * SshClientSettings s = SshConfig.builder().build().resolve("myhost"); // ~/.ssh/config, /etc/ssh/ssh_config
     * try (SshClient c = SshClient.builder(s).connect(s.hostName(), s.port())) {
     *     c.exec("uname -a");
     * }
     * }</pre>
     */
    public static Builder builder(org.sshwire.connection.config.SshClientSettings settings) {
        return org.sshwire.connection.internal.client.ConfiguredClient.builder(settings, CryptoBackend.defaultBackend());
    }

    public SshConnection connection() {
        return conn;
    }

    public ConnectionInfo info() {
        return conn.info();
    }

    public ClientSession openSession() throws IOException {
        return new ClientSession(conn.openChannel(new ChannelOpenData.Session()));
    }

    /**
     * Opens a session and runs {@code command}. Then either {@link ClientSession#collect()} its
     * output and exit, or read {@link ClientSession#stdout()} and {@link ClientSession#stderr()}
     * (one to its end first is fine while the other stays within
     * {@link ClientSession#DEFAULT_READ_AHEAD}) and {@link ClientSession#waitForExit()}.
     */
    public ClientSession exec(String command) throws IOException {
        ClientSession s = openSession();
        s.exec(command);
        return s;
    }

    /**
     * Opens one {@code direct-tcpip} channel (RFC 4254 §7.2) to host:port, which the server
     * connects to: the channel's streams are that connection's ({@code ssh -W host:port}).
     * As ssh's stdio forward, the originator is sent as 127.0.0.1 port 65535 (there is no local
     * socket). Closing the channel's output stream sends EOF; {@link Channel#close()} ends it.
     *
     * <pre>{@code
     * Channel ch = client.openDirectTcpip("intranet.example", 80);
     * ch.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
     * ch.getInputStream().transferTo(System.out);
     * }</pre>
     *
     * @throws org.sshwire.connection.channel.ChannelOpenException when the server refuses or cannot connect
     */
    public Channel openDirectTcpip(String host, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return conn.openChannel(new ChannelOpenData.DirectTcpip(host, port, "127.0.0.1", 65535));
    }

    /** {@code ssh -L port:host:hostport}: listens on the loopback address only; see {@link #localForward(String, int, String, int)}. */
    public LocalForward localForward(int localPort, String host, int port) throws IOException {
        return localForward(null, localPort, host, port);
    }

    /**
     * {@code ssh -L [bind_address:]port:host:hostport}: listens here on {@code bindAddress}:
     * {@code bindPort} (0 = a free port) and forwards each connection to host:port, which the
     * server connects to ({@code direct-tcpip}, RFC 4254 §7.2). As ssh with its default
     * {@code GatewayPorts no}: null or {@code "localhost"} binds the loopback address only;
     * {@code ""} or {@code "*"} binds every interface; any other address or name binds that
     * address.
     *
     * <pre>{@code
     * try (LocalForward f = client.localForward("0.0.0.0", 8080, "intranet.example", 80)) { ... }
     * }</pre>
     *
     * @throws IOException when the address cannot be resolved or bound
     */
    public LocalForward localForward(String bindAddress, int bindPort, String host, int port) throws IOException {
        LocalForward f = LocalForward.start(conn, bindAddress, bindPort, host, port, executor);
        synchronized (forwards) {
            forwards.add(f);
        }
        return f;
    }

    /**
     * {@code ssh -D [bind_address:]port}: a SOCKS4/4a/5 server listening here on
     * {@code bindAddress}:{@code bindPort} (0 = a free port; the bind address as for
     * {@link #localForward(String, int, String, int)}), each CONNECT a {@code direct-tcpip}
     * channel to the host and port it names (host names are resolved by the server, as
     * {@code curl --socks5-hostname} wants). See {@link DynamicForward}.
     *
     * <pre>{@code
     * try (DynamicForward socks = client.dynamicForward(null, 1080)) { ... }
     * }</pre>
     *
     * @throws IOException when the address cannot be resolved or bound
     */
    public DynamicForward dynamicForward(String bindAddress, int bindPort) throws IOException {
        DynamicForward f = DynamicForward.start(conn, bindAddress, bindPort, executor);
        synchronized (forwards) {
            forwards.add(f);
        }
        return f;
    }

    /**
     * {@code ssh -R [bind_address:]port:host:hostport}: asks the server to listen on
     * {@code bindAddress}:{@code bindPort} ({@code tcpip-forward}, RFC 4254 §7.1; port 0 = one
     * the server chooses) and forwards each connection there to targetHost:targetPort from here.
     * {@code bindAddress} is sent as given: {@code "localhost"} (what ssh sends without a
     * bind_address) for loopback, {@code ""} for every address (ssh's {@code "*"}), which the
     * server may restrict (sshd's {@code GatewayPorts}). Close the handle to cancel the forward.
     *
     * <pre>{@code
     * try (RemoteForward f = client.remoteForward("localhost", 0, "127.0.0.1", 8080)) {
     *     System.out.println("server port " + f.boundPort());
     * }
     * }</pre>
     *
     * @throws IOException when the server refuses
     */
    public RemoteForward remoteForward(String bindAddress, int bindPort, String targetHost, int targetPort) throws IOException {
        RemoteForward f = RemoteForward.start(conn, hooks, bindAddress, bindPort, targetHost, targetPort, replyTimeout,
                this::forgetForward);
        synchronized (forwards) {
            forwards.add(f);
        }
        return f;
    }

    /** A forward closed on its own: the client need not close it again. */
    private void forgetForward(AutoCloseable f) {
        synchronized (forwards) {
            forwards.remove(f);
        }
    }

    /**
     * Opens one {@code direct-streamlocal@openssh.com} channel (OpenSSH PROTOCOL §2.4) to the
     * Unix-domain socket {@code remoteSocketPath} on the server: the channel's streams are that
     * socket's.
     *
     * <pre>{@code
     * Channel ch = client.openStreamLocal("/var/run/docker.sock");
     * ch.getOutputStream().write("GET /_ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
     * ch.getOutputStream().close();
     * String answer = new String(ch.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
     * }</pre>
     *
     * @throws org.sshwire.connection.channel.ChannelOpenException when the server refuses (policy,
     *         permissions, path) or cannot connect
     */
    public Channel openStreamLocal(String remoteSocketPath) throws IOException {
        return conn.openChannel(new ChannelOpenData.DirectStreamlocal(remoteSocketPath, "", 0));
    }

    /**
     * {@code ssh -L /local.sock:/remote.sock}: listens on the Unix socket {@code localSocket}
     * (which must not exist) and forwards each connection to {@code remoteSocketPath} on the
     * server. Closing the forward removes {@code localSocket}.
     *
     * <pre>{@code
     * try (LocalStreamForward f = client.localStreamForward(Path.of("/tmp/x/local.sock"), "/run/app.sock")) { ... }
     * }</pre>
     */
    public LocalStreamForward localStreamForward(Path localSocket, String remoteSocketPath) throws IOException {
        LocalStreamForward f = LocalStreamForward.start(conn, localSocket, remoteSocketPath, executor);
        synchronized (forwards) {
            forwards.add(f);
        }
        return f;
    }

    /**
     * {@code ssh -R /remote.sock:/local.sock}: asks the server to listen on the Unix socket
     * {@code remoteSocketPath} and forwards each connection there to {@code localSocket} here.
     * Closing the forward cancels it on the server.
     *
     * <pre>{@code
     * try (RemoteStreamForward f = client.remoteStreamForward("/tmp/app.sock", Path.of("/run/app.sock"))) { ... }
     * }</pre>
     *
     * @throws IOException when the server refuses
     */
    public RemoteStreamForward remoteStreamForward(String remoteSocketPath, Path localSocket) throws IOException {
        RemoteStreamForward f = RemoteStreamForward.start(conn, hooks, remoteSocketPath, localSocket);
        synchronized (forwards) {
            forwards.add(f);
        }
        return f;
    }

    /**
     * Forwards an SSH agent ({@code ssh -A}): from now on, the {@code auth-agent@openssh.com}
     * channels the server opens reach the agent listening at {@code agentSocket}, each over its
     * own agent connection bound to this session for forwarding ({@code session-bind@openssh.com}).
     * Ask for it per session with {@link ClientSession#requestAgentForwarding()}.
     *
     * <pre>{@code
     * client.forwardAgent(Path.of(System.getenv("SSH_AUTH_SOCK")));
     * ClientSession s = client.openSession();
     * s.requestAgentForwarding();
     * s.exec("ssh-add -l");
     * }</pre>
     */
    public void forwardAgent(Path agentSocket) {
        hooks.agentSocket = java.util.Objects.requireNonNull(agentSocket);
    }

    @Override
    public void close() {
        List<AutoCloseable> open;
        synchronized (forwards) {
            open = new ArrayList<>(forwards);
        }
        for (AutoCloseable f : open) {
            try {
                if (f instanceof RemoteForward r) {
                    r.forget(); // the server drops its listeners with the connection; no need to wait on cancels
                } else {
                    f.close();
                }
            } catch (Exception e) {
                System.getLogger(SshClient.class.getName()).log(System.Logger.Level.DEBUG, "closing forward", e);
            }
        }
        conn.close();
    }

    /** Configures and opens client connections. */
    public static final class Builder {
        private final String user;
        private final ClientAuthConfig.Builder auth;
        private CryptoBackend crypto = CryptoBackend.defaultBackend();
        private HostKeyVerifier verifier;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration keepalive;
        private int keepaliveMaxMissed = 3;
        private boolean roundTripProbe = true;
        private UnaryOperator<TransportConfig.Builder> transport = UnaryOperator.identity();
        private ConnectionConfig connectionConfig = ConnectionConfig.client();
        private NioLoops loops;
        private Executor executor;
        private HostKeyUpdate.Listener hostKeysListener;
        private KeyboardInteractiveChallenge challenge;
        private java.util.function.Consumer<String> banner;
        private java.util.function.Function<ConnectionInfo, org.sshwire.connection.research.ConnectionResearch> research;
        private final java.util.Map<String, org.sshwire.connection.server.ChannelHandler> channelTypes = new java.util.LinkedHashMap<>();

        private Builder(String user) {
            this.user = user;
            this.auth = ClientAuthConfig.builder(user);
        }

        public Builder identity(Identity id) {
            auth.identity(id);
            return this;
        }

        public Builder identity(SshKeyPair key) {
            return identity(Identity.of(key, crypto));
        }

        /**
         * Offers the keys and certificates an SSH agent holds, in the agent's order, at this point
         * of the identity list (ssh offers agent keys before identity files). Each signs through
         * {@code agent}, which is bound to the connection with {@code session-bind@openssh.com}
         * before its first signature, as ssh binds it; keep the agent open until connected.
         *
         * <pre>{@code
         * try (AgentClient agent = AgentClient.fromEnvironment()) {
         *     SshClient c = SshClient.builder("alice").agent(agent).hostKeyVerifier(v).connect(host, 22);
         * }
         * }</pre>
         */
        public Builder agent(org.sshwire.auth.agent.AgentClient agent) throws IOException {
            agent.loginIdentities().forEach(auth::identity);
            return this;
        }

        /**
         * The password for the {@code password} method; it also answers a keyboard-interactive
         * round whose only prompt is a hidden password prompt (PAM's {@code "Password: "}), once.
         */
        public Builder password(String pw) {
            auth.password(pw);
            return this;
        }

        /**
         * Who answers keyboard-interactive prompts other than a password prompt the
         * {@link #password password} answers. Without one, such a round ends keyboard-interactive
         * and the login goes on with the next method (as ssh with {@code BatchMode=yes}).
         *
         * <pre>{@code
         * .keyboardInteractive((name, instruction, prompts) -> List.of(totp.now()))
         * }</pre>
         */
        public Builder keyboardInteractive(KeyboardInteractiveChallenge c) {
            challenge = c;
            return this;
        }

        /**
         * Who shows the server's SSH_MSG_USERAUTH_BANNER text (RFC 4252 §5.4; sshd's
         * {@code Banner}), called on the executor, in order, before {@code connect} returns. The
         * text is the server's, unfiltered: sanitize control characters before putting it on a
         * terminal (RFC 4252 §5.4 warns of terminal escapes), as ssh does. Without a listener
         * banners are dropped.
         *
         * <pre>{@code
         * .banner(text -> System.err.print(text.replaceAll("[\\p{Cc}&&[^\\n\\t]]", "?")))
         * }</pre>
         */
        public Builder banner(java.util.function.Consumer<String> listener) {
            banner = listener;
            return this;
        }

        /**
         * Handles the channels of type {@code name} that the server opens (for instance
         * {@code forwarded-tcpip} or {@code auth-agent@openssh.com}) with {@code handler}, on the
         * executor, before the client's own handling of remote forwards and agent forwarding.
         * The handler answers with {@code acceptChannel} or {@code rejectChannel}.
         *
         * <pre>{@code
         * .channelType("forwarded-tcpip", (conn, open) -> relay(conn.acceptChannel(open)))
         * }</pre>
         */
        public Builder channelType(String name, org.sshwire.connection.server.ChannelHandler handler) {
            channelTypes.put(java.util.Objects.requireNonNull(name), java.util.Objects.requireNonNull(handler));
            return this;
        }

        /** Adjusts authentication (methods, attempts) beyond identities and password. */
        public Builder auth(UnaryOperator<ClientAuthConfig.Builder> f) {
            f.apply(auth);
            return this;
        }

        /** Required: who decides whether the server's host key is right. */
        public Builder hostKeyVerifier(HostKeyVerifier v) {
            verifier = v;
            return this;
        }

        /**
         * Hears about the server's {@code hostkeys-00@openssh.com} announcement (OpenSSH PROTOCOL
         * §2.5, what {@code UpdateHostKeys} uses): the client asks the server to prove each
         * announced key with {@code hostkeys-prove-00@openssh.com}, verifies every signature
         * against this session, and passes the outcome to {@code listener} on the executor.
         * Without a listener announcements are ignored.
         *
         * <pre>{@code
         * .hostKeysAnnounced(u -> u.appendNewKeys(Path.of(home, ".ssh/known_hosts"), false))
         * }</pre>
         */
        public Builder hostKeysAnnounced(HostKeyUpdate.Listener listener) {
            hostKeysListener = listener;
            return this;
        }

        /** Bounds the TCP connect and, separately, key exchange plus authentication. */
        public Builder timeout(Duration d) {
            timeout = d;
            return this;
        }

        /**
         * Whether to time three {@code keepalive@openssh.com} requests after authentication with an
         * OpenSSH server and, where the round trip is short, send channel data at most a few
         * hundred KiB ahead of what it has given back (see {@link org.sshwire.connection.internal.channel.RoundTripProbe}).
         * Default true; false keeps the wire free of the probes and uses every window whole.
         */
        public Builder roundTripProbe(boolean probe) {
            roundTripProbe = probe;
            return this;
        }

        /** {@code keepalive@openssh.com} every interval (OpenSSH ServerAliveInterval / ServerAliveCountMax). */
        public Builder keepalive(Duration interval, int maxMissed) {
            keepalive = interval;
            keepaliveMaxMissed = maxMissed;
            return this;
        }

        /**
         * Research (DESIGN §5; off by default): {@code perConnection} is called with each new
         * connection's id and addresses (null for stream connections) and returns its hooks,
         * transport policy and channel configuration.
         *
         * <pre>{@code
         * SshClient.builder("alice").research(info -> ConnectionResearch.of(ConnectionHooks.builder()
         *         .wireObserver((c, dir, seq, sealed) -> System.out.println(dir + " #" + seq + " " + sealed.remaining()))
         *         .build()));
         * }</pre>
         */
        public Builder research(java.util.function.Function<ConnectionInfo, org.sshwire.connection.research.ConnectionResearch> perConnection) {
            research = java.util.Objects.requireNonNull(perConnection);
            return this;
        }

        public Builder transport(UnaryOperator<TransportConfig.Builder> t) {
            transport = t;
            return this;
        }

        public Builder connectionConfig(ConnectionConfig c) {
            connectionConfig = c;
            return this;
        }

        /** Selector threads (default: the process-wide shared group). */
        public Builder ioThreads(IoThreads threads) {
            loops = NioLoops.of(threads);
            return this;
        }

        /** Where verifiers and forwarding copies run (default: a cached pool of daemon threads). */
        public Builder executor(Executor e) {
            executor = e;
            return this;
        }

        public Builder crypto(CryptoBackend c) {
            crypto = c;
            auth.crypto(c);
            return this;
        }

        /** Connects over TCP and authenticates. */
        public SshClient connect(String host, int port) throws IOException {
            SocketChannel socket = SocketChannel.open();
            try {
                socket.socket().connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                InetSocketAddress remote = (InetSocketAddress) socket.getRemoteAddress();
                InetSocketAddress local = (InetSocketAddress) socket.getLocalAddress();
                Setup s = setup(host, port, local, remote);
                NioConnection nc = NioConnection.start(socket, loops != null ? loops : NioLoops.shared(),
                        n -> ConnectionInternals.bind(s.conn, new EngineDriver(s.engine, n::kick, ev -> ConnectionInternals.onEvent(s.conn, ev)), remote, local));
                ConnectionInternals.onCloseTransport(s.conn, nc::closeSocket);
                return s.finish();
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        /**
         * Runs the connection over a stream pair (e.g. {@code sshd -i}'s stdin/stdout) and
         * authenticates. The host key verifier is asked about {@code name} with port 0; use
         * {@link #connect(InputStream, OutputStream, String, int)} to have it checked as a host and port.
         */
        public SshClient connect(InputStream in, OutputStream out, String name) throws IOException {
            return connect(in, out, name, 0);
        }

        /**
         * Runs the connection over a stream pair that reaches {@code host}:{@code port} (a
         * ProxyCommand's pipes, a tunnel) and authenticates; the host key is verified for that
         * host and port, as if connected directly. Closing the client closes both streams.
         *
         * <pre>{@code
         * Process nc = new ProcessBuilder("nc", "gateway", "22").start();
         * SshClient c = builder.connect(nc.getInputStream(), nc.getOutputStream(), "gateway", 22);
         * }</pre>
         */
        public SshClient connect(InputStream in, OutputStream out, String host, int port) throws IOException {
            return connect(in, out, host, port, null);
        }

        /**
         * {@code ssh -J hop host}: connects to {@code host}:{@code port} through {@code hop}, an
         * already authenticated client (the previous jump host), over a {@code direct-tcpip}
         * channel the hop's server connects for us (RFC 4254 §7.2, what OpenSSH's ProxyJump does).
         * The end-to-end transport is this builder's own, so the hop sees only ciphertext; the
         * host key is verified for {@code host}:{@code port} by this builder's verifier, as for a
         * direct connection. Closing the returned client closes the channel; the hop stays open
         * (close it after, which try-with-resources' reverse order does).
         *
         * <pre>{@code
         * HostKeyVerifier kh = HostKeyVerifier.knownHosts(Path.of(home, ".ssh/known_hosts"));
         * try (SshClient jump = SshClient.builder("alice").identity(key).hostKeyVerifier(kh).connect("bastion.example", 22);
         *      SshClient target = SshClient.builder("alice").identity(key).hostKeyVerifier(kh).connectVia(jump, "10.0.0.5", 22)) {
         *     System.out.print(target.exec("hostname").collect().stdoutText());
         * }
         * }</pre>
         *
         * @throws org.sshwire.connection.channel.ChannelOpenException when the hop refuses or cannot connect
         */
        public SshClient connectVia(SshClient hop, String host, int port) throws IOException {
            Channel ch = hop.openDirectTcpip(host, port);
            try {
                return connect(ch.getInputStream(), ch.getOutputStream(), host, port, ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        private SshClient connect(InputStream in, OutputStream out, String host, int port, Channel carrier) throws IOException {
            Setup s = setup(host, port, null, null);
            StreamConnection sc = StreamConnection.start(in, out, "sshwire-" + host,
                    c -> ConnectionInternals.bind(s.conn, new EngineDriver(s.engine, c::kick, ev -> ConnectionInternals.onEvent(s.conn, ev)), null, null));
            ConnectionInternals.onCloseTransport(s.conn, () -> {
                sc.close();
                if (carrier != null) {
                    carrier.close();
                }
            });
            return s.finish();
        }

        private Setup setup(String host, int port, InetSocketAddress local, InetSocketAddress remote) {
            if (verifier == null) {
                throw new IllegalStateException("a host key verifier is required (HostKeyVerifier.knownHosts(...))");
            }
            Executor ex = executor != null ? executor : DefaultExecutor.INSTANCE;
            ClientHooks hooks = new ClientHooks(host, port, user, verifier, ex);
            hooks.hostKeysListener = hostKeysListener;
            hooks.challenge = challenge;
            hooks.bannerListener = banner;
            hooks.crypto = crypto;
            hooks.channelTypes = java.util.Map.copyOf(channelTypes);
            SshConnection conn = ConnectionInternals.create(hooks, null);
            TransportConfig tc = transport.apply(TransportConfig.client().crypto(crypto)).build();
            SshClientEngine engine;
            if (research == null) {
                engine = new SshClientEngine(tc, auth.build(), connectionConfig);
            } else {
                ConnectionInfo opening = ConnectionInfo.opening(org.sshwire.connection.internal.driver.ConnectionIds.next(), local, remote);
                org.sshwire.connection.research.ConnectionResearch r = java.util.Objects.requireNonNull(research.apply(opening),
                        "research(...) returned null");
                engine = new SshClientEngine(tc, auth.build(), r.connection().apply(connectionConfig), opening, r.hooks());
            }
            return new Setup(engine, conn, hooks, ex);
        }

        private final class Setup {
            final SshClientEngine engine;
            final SshConnection conn;
            final ClientHooks hooks;
            final Executor ex;

            Setup(SshClientEngine engine, SshConnection conn, ClientHooks hooks, Executor ex) {
                this.engine = engine;
                this.conn = conn;
                this.hooks = hooks;
                this.ex = ex;
            }

            SshClient finish() throws IOException {
                try {
                    hooks.authenticated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    conn.abort();
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                } catch (TimeoutException e) {
                    conn.abort();
                    throw new IOException("no login within " + timeout);
                } catch (ExecutionException e) {
                    conn.abort();
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
                KeepaliveTimer.start(conn, keepalive, keepaliveMaxMissed, null);
                if (roundTripProbe) {
                    RoundTripProbe.start(conn, conn.serverVersion());
                }
                return new SshClient(conn, hooks, ex, timeout);
            }
        }
    }

    /** A process-wide cached pool of daemon threads, created on first use. */
    static final class DefaultExecutor {
        static final Executor INSTANCE = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sshwire-client-worker");
            t.setDaemon(true);
            return t;
        });

        private DefaultExecutor() {
        }
    }
}
