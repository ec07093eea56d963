package org.sshwire.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.sshwire.proxy.internal.policy.PolicyFile;
import java.util.concurrent.atomic.AtomicInteger;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.server.SshServer;
import org.sshwire.proxy.internal.ClientChannels;
import org.sshwire.proxy.internal.Link;
import org.sshwire.proxy.internal.SafeTap;

/**
 * The bastion's relay: installed on an {@link SshServer.Builder}, it takes over the channels and
 * forwarding requests of every authenticated user, connects upstream with an
 * {@link org.sshwire.connection.client.SshClient} where the {@link Router} says, and relays
 * sessions (pty, shell, exec, subsystems such as sftp, env, window changes, signals, exit status),
 * direct-tcpip, tcpip-forward with its forwarded-tcpip channels, Unix-socket forwarding and agent
 * forwarding, both ways, with flow control end to end. The {@link RelayTap}s see everything.
 * Users authenticate to the bastion with the server's own authentication ({@code .auth(...)}).
 *
 * <pre>{@code
 * Relay relay = Relay.builder()
 *         .router(Router.loginName())                               // ssh -l alice@db1:22 bastion
 *         .upstreamLogin((route, b, agent) -> b.identity(id).hostKeyVerifier(HostKeyVerifier.knownHosts(knownHosts)))
 *         .tap(Recordings.toDirectory(Path.of("/var/log/bastion"), 64L << 20, 10))
 *         .build();
 * SshServer bastion = relay.installOn(SshServer.builder().listen("0.0.0.0", 2200).dataDirectory(data).auth(users))
 *         .build().start();
 * }</pre>
 */
public final class Relay {
    /** The global requests relayed upstream (OpenSSH PROTOCOL §2.4 for the streamlocal ones). */
    static final List<String> GLOBAL_REQUESTS = List.of("tcpip-forward", "cancel-tcpip-forward",
            "streamlocal-forward@openssh.com", "cancel-streamlocal-forward@openssh.com");

    private final Router router;
    private final UpstreamLogin login;
    private final CommandPolicy commands;
    private final AccessPolicy access;
    private final SafeTap tap;
    private final Duration timeout;
    private final ExecutorService pumps;
    private final Map<SshConnection, Link> links = new ConcurrentHashMap<>();
    /** One daemon thread for the session time limits; what it runs goes to {@link #pumps}. */
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "sshwire-relay-timer");
        t.setDaemon(true);
        return t;
    });
    /** How long an ending connection's sessions get to take their message and close before the DISCONNECT. */
    private static final Duration END_GRACE = Duration.ofSeconds(5);

    private Relay(Builder b) {
        this.router = b.router;
        this.commands = b.commands;
        this.access = b.access;
        this.login = Objects.requireNonNull(b.login, "an upstream login is required (Builder.upstreamLogin)");
        this.tap = new SafeTap(b.taps);
        this.timeout = b.timeout;
        // A connection that ends before its limit takes its timer out of the queue with it.
        timers.setRemoveOnCancelPolicy(true);
        AtomicInteger n = new AtomicInteger();
        // One blocking copy per direction and stream of each channel (DESIGN §3: channel I/O is
        // blocking streams), so the pool grows with the channels and shrinks when they end.
        this.pumps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sshwire-relay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the relay's handlers on {@code server}: {@code session}, {@code direct-tcpip} and
     * {@code direct-streamlocal@openssh.com} channels, and the forwarding global requests. The
     * server's own session handler, if any, is no longer used.
     */
    public SshServer.Builder installOn(SshServer.Builder server) {
        server.channelType("session", (conn, open) -> ClientChannels.session(link(conn), open));
        server.channelType("direct-tcpip", (conn, open) -> ClientChannels.direct(link(conn), open));
        server.channelType("direct-streamlocal@openssh.com", (conn, open) -> ClientChannels.direct(link(conn), open));
        for (String name : GLOBAL_REQUESTS) {
            server.globalRequest(name, (conn, request) -> ClientChannels.global(link(conn), request));
        }
        return server;
    }

    /** The connections relayed now (users connected to the bastion and past authentication). */
    public int connections() {
        return links.size();
    }

    /**
     * The connections relayed now, for a live view: who, from where, to where, since when, how
     * many channels and how much data.
     */
    public List<LiveSession> sessions() {
        return links.values().stream().map(Link::live).sorted(java.util.Comparator.comparing(LiveSession::started)).toList();
    }

    /**
     * Ends the connection {@code id} (as {@link LiveSession#id()}): {@code reason} is written to
     * the audit log and each open session's stderr, then the user is disconnected.
     *
     * @return false if no such connection is relayed now
     */
    public boolean terminate(String id, String reason) {
        for (Link l : links.values()) {
            if (l.id().equals(id)) {
                pumps.execute(() -> l.end(reason, END_GRACE));
                return true;
            }
        }
        return false;
    }

    private Link link(SshConnection conn) {
        Link known = links.get(conn);
        if (known != null) {
            return known;
        }
        Link fresh = new Link(conn, router, login, commands, access, tap, pumps, timeout);
        Link prior = links.putIfAbsent(conn, fresh);
        if (prior != null) {
            return prior;
        }
        // The time limit counts from here, the connection's first channel or request after login.
        java.util.concurrent.ScheduledFuture<?> limit = fresh.policy().rule().flatMap(AccessPolicy.Rule::maxSession)
                .<java.util.concurrent.ScheduledFuture<?>>map(d -> timers.schedule(
                        () -> pumps.execute(() -> fresh.end("session time limit of " + PolicyFile.format(d) + " reached", END_GRACE)),
                        d.toMillis(), TimeUnit.MILLISECONDS))
                .orElse(null);
        // Registered outside the map's update: a connection already closed runs this at once.
        conn.closeFuture().whenComplete((x, e) -> {
            if (limit != null) {
                limit.cancel(false);
            }
            links.remove(conn);
            fresh.close();
            tap.disconnected(fresh.id());
        });
        return fresh;
    }

    public static final class Builder {
        private Router router = Router.loginName();
        private CommandPolicy commands = CommandPolicy.allowAll();
        private AccessPolicy access = AccessPolicy.allowAll();
        private UpstreamLogin login;
        private final List<RelayTap> taps = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Where each login goes; default {@link Router#loginName()}. */
        public Builder router(Router r) {
            router = Objects.requireNonNull(r);
            return this;
        }

        /** What sessions may run; default {@link CommandPolicy#allowAll()}. */
        public Builder commandPolicy(CommandPolicy p) {
            commands = Objects.requireNonNull(p);
            return this;
        }

        /**
         * Who may reach which targets, with which forwarding, for how long, running what (on top
         * of the {@link #commandPolicy}); default {@link AccessPolicy#allowAll()}.
         */
        public Builder accessPolicy(AccessPolicy p) {
            access = Objects.requireNonNull(p);
            return this;
        }

        /** Required: the identities and host-key verifier of the upstream login. */
        public Builder upstreamLogin(UpstreamLogin l) {
            login = Objects.requireNonNull(l);
            return this;
        }

        /** Adds a tap; taps are called in the order added. */
        public Builder tap(RelayTap t) {
            taps.add(Objects.requireNonNull(t));
            return this;
        }

        /** How long the upstream connection and login may take (default 30 s). */
        public Builder upstreamTimeout(Duration d) {
            timeout = Objects.requireNonNull(d);
            return this;
        }

        public Relay build() {
            return new Relay(this);
        }
    }
}
