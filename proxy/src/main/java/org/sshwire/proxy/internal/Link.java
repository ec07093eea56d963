package org.sshwire.proxy.internal;

import org.sshwire.connection.internal.channel.SerialExecutor;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.server.ChannelHandler;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sshwire.proxy.AccessPolicy;
import org.sshwire.proxy.internal.policy.UserPolicy;
import org.sshwire.proxy.LiveSession;
import org.sshwire.proxy.RelayTap;
import org.sshwire.proxy.RelayedChannel;
import org.sshwire.proxy.Route;
import org.sshwire.proxy.RouteDeniedException;
import org.sshwire.proxy.Router;
import org.sshwire.proxy.UpstreamLogin;
import org.sshwire.transport.wire.Bytes;

/**
 * One user's connection to the bastion and its upstream: the route, decided once; the upstream
 * client, connected on first need (so a session that asks for agent forwarding first can log in
 * upstream with the user's agent); channel numbering for the taps.
 */
public final class Link {
    /** The agent channel a server opens back to an {@code ssh -A} client (OpenSSH PROTOCOL §2.1.1). */
    public static final String AGENT_CHANNEL = "auth-agent@openssh.com";
    private static final AtomicLong SERIAL = new AtomicLong();
    private static final String PID = String.valueOf(ProcessHandle.current().pid());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final SshConnection down;
    private final String id;
    private final Router router;
    private final UpstreamLogin login;
    private final RelayTap tap;
    private final Executor pumps;
    private final Duration timeout;
    private final AtomicInteger channels = new AtomicInteger();
    private final UserPolicy policy;
    private final Instant started = Instant.now();
    private final AtomicLong toUpstream = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private final Set<ChannelPair> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ending = new AtomicBoolean();
    private volatile boolean agentRequested;
    private Route route; // guarded by this
    private RouteDeniedException denied; // guarded by this
    private SshClient upstream; // guarded by this
    private IOException failed; // guarded by this

    public Link(SshConnection down, Router router, UpstreamLogin login, org.sshwire.proxy.CommandPolicy commands,
                AccessPolicy policy, RelayTap tap, Executor pumps, Duration timeout) {
        this.down = down;
        this.policy = new UserPolicy(down.user(), policy, commands);
        this.router = router;
        this.login = login;
        this.tap = tap;
        this.pumps = pumps;
        this.timeout = timeout;
        this.id = STAMP.format(Instant.now()) + "-" + PID + "-" + SERIAL.incrementAndGet();
    }

    /** Why {@code request} (exec, shell, subsystem) may not go upstream, or empty. */
    public Optional<String> refusal(org.sshwire.connection.message.ChannelRequestBody request) throws RouteDeniedException {
        return policy.commandRefusal(route(), request);
    }

    /** What this login may do. */
    public UserPolicy policy() {
        return policy;
    }

    public String id() {
        return id;
    }

    public SshConnection down() {
        return down;
    }

    public RelayTap tap() {
        return tap;
    }

    public Executor pumps() {
        return pumps;
    }

    /** A session of this connection asked for agent forwarding (before or after the upstream login). */
    public void agentRequested() {
        agentRequested = true;
    }

    public boolean isAgentRequested() {
        return agentRequested;
    }

    /** The route, decided on first call; a refusal is reported once and remembered. */
    public synchronized Route route() throws RouteDeniedException {
        if (route == null && denied == null) {
            try {
                Optional<String> no = policy.withoutRule(); // refused before the router is asked
                if (no.isPresent()) {
                    throw new RouteDeniedException(no.get());
                }
                Route r = router.route(down.user(), down);
                no = policy.targetRefusal(r);
                if (no.isPresent()) {
                    throw new RouteDeniedException(no.get());
                }
                route = r;
            } catch (RouteDeniedException e) {
                denied = e;
                tap.refused(id, down.user(), down.remoteAddress(), e.getMessage());
            }
        }
        if (denied != null) {
            throw denied;
        }
        return route;
    }

    /** The upstream client, connected and logged in on first call; a failure is remembered. */
    public synchronized SshClient upstream() throws IOException {
        if (upstream != null) {
            return upstream;
        }
        if (failed != null) {
            throw failed;
        }
        Route r = route();
        AgentClient agent = null;
        Optional<org.sshwire.transport.keys.SshCertificate> cert = Optional.empty();
        try {
            // The upstream hop's cipher is the bastion's choice (UpstreamCiphers); the login may change it.
            SshClient.Builder b = SshClient.builder(r.user()).timeout(timeout).executor(pumps)
                    .transport(t -> t.ciphers(UpstreamCiphers.order()));
            ChannelHandler fromUpstream = this::upstreamOpened;
            for (String type : new String[] {"forwarded-tcpip", "forwarded-streamlocal@openssh.com", AGENT_CHANNEL}) {
                b.channelType(type, fromUpstream);
            }
            if (agentRequested) {
                Channel ch = down.openChannel(AGENT_CHANNEL, Bytes.EMPTY);
                agent = AgentClient.over(ch.getInputStream(), ch.getOutputStream(), ch::close);
            }
            cert = login.configure(new UpstreamLogin.Attempt(id, down.user(), down.remoteAddress(), r, Optional.ofNullable(agent)), b);
            upstream = b.connect(r.host(), r.port());
        } catch (IOException e) {
            failed = new IOException("cannot log in to " + r + ": " + why(e, cert), e);
            tap.refused(id, down.user(), down.remoteAddress(), failed.getMessage());
            throw failed;
        } finally {
            if (agent != null) {
                try {
                    agent.close();
                } catch (IOException e) {
                    // the agent channel is gone already
                }
            }
        }
        SshClient u = upstream;
        tap.connected(id, down.user(), down.remoteAddress(), r, cert);
        // The upstream going away ends the user's connection (close() does the reverse).
        u.connection().closeFuture().whenComplete((x, e) -> down.close());
        return u;
    }

    /**
     * Why the upstream login failed, for the user and the audit log: the authentication failure's
     * own words (SshClient wraps it in an IOException named after its class), and, when the
     * bastion offered a certificate, what the host needs to accept it.
     */
    private static String why(IOException e, Optional<org.sshwire.transport.keys.SshCertificate> cert) {
        if (!(e.getCause() instanceof org.sshwire.auth.AuthenticationException a)) {
            return e.getMessage();
        }
        return a.getMessage() + cert.map(c -> " (the bastion's certificate for " + String.join(",", c.principals())
                + " was not accepted: the host must trust the bastion's user CA, sshd_config TrustedUserCAKeys)").orElse("");
    }

    /** The user's connection ended: so does the upstream's. */
    public synchronized void close() {
        if (upstream != null) {
            upstream.close();
        }
    }

    /** A channel pair of this connection was made. */
    void opened(ChannelPair p) {
        open.add(p);
    }

    /** It closed on both sides. */
    void closed(ChannelPair p) {
        open.remove(p);
    }

    /** Channel data went through one of this connection's channels. */
    void relayed(RelayTap.Flow flow, int n) {
        (flow == RelayTap.Flow.CLIENT_TO_UPSTREAM ? toUpstream : toClient).addAndGet(n);
    }

    /** What the live view shows of this connection. */
    public LiveSession live() {
        InetSocketAddress a = down.remoteAddress();
        Route r = routeOrNull();
        return new LiveSession(id, down.user(), a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort(),
                r == null ? "" : r.toString(), started, open.size(), toUpstream.get(), toClient.get());
    }

    /**
     * Ends the user's connection (its time limit, or an operator's terminate): the reason goes to
     * the audit log and to the stderr of each open session, which is then closed — ssh writes out
     * a channel's stderr before it answers its CLOSE, and exits when its session ends — and then
     * the connection ends with DISCONNECT BY_APPLICATION. ssh may die on a DISCONNECT without
     * writing out stderr data it read with it, so the DISCONNECT waits for the sessions' close
     * (at most {@code grace}: a client that stopped reading holds nothing up).
     */
    public void end(String reason, Duration grace) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        tap.ended(id, reason);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        byte[] text = ("sshwire proxy: " + reason + "\r\n").getBytes(StandardCharsets.UTF_8);
        for (Channel ch : down.channels()) {
            if (!ch.type().equals("session")) {
                continue; // a bastion never opens a session towards the client: these are the user's
            }
            closing.add(CompletableFuture.runAsync(() -> {
                try {
                    OutputStream err = ch.getErrorOutputStream();
                    err.write(text);
                    err.flush();
                } catch (IOException e) {
                    // the channel is closing already
                }
                ch.closeWrite();
                ch.close();
            }, pumps).thenCompose(x -> ch.closeFuture()));
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((x, e) -> down.close("sshwire proxy: " + reason));
    }

    /** The route if decided and allowed, for the taps. */
    public synchronized Route routeOrNull() {
        return route;
    }

    public RelayedChannel describe(String type, Bytes openData, boolean fromClient) {
        return new RelayedChannel(id, down.user(), down.remoteAddress(), routeOrNull(), channels.incrementAndGet(),
                type, openData, fromClient, Instant.now());
    }

    /**
     * A channel the upstream opens (a remote forward's connection, the user's agent): opened
     * towards the user with the same type and data, then accepted upstream.
     */
    private void upstreamOpened(SshConnection upConn, org.sshwire.connection.engine.ConnectionEvent.ChannelOpenRequested open) {
        if (open.channelType().equals(AGENT_CHANNEL) && !agentRequested) {
            upConn.rejectChannel(open, org.sshwire.connection.message.OpenFailureReason.ADMINISTRATIVELY_PROHIBITED,
                    "the user did not forward an agent");
            return;
        }
        Channel d;
        try {
            d = down.openChannel(open.channelType(), open.data());
        } catch (org.sshwire.connection.channel.ChannelOpenException e) {
            tap.channelRefused(id, open.channelType(), open.data(), e.getMessage());
            upConn.rejectChannel(open, e.reason(), e.getMessage());
            return;
        } catch (IOException e) {
            tap.channelRefused(id, open.channelType(), open.data(), e.getMessage());
            upConn.rejectChannel(open, org.sshwire.connection.message.OpenFailureReason.CONNECT_FAILED, e.getMessage());
            return;
        }
        SerialExecutor toUp = new SerialExecutor(pumps);
        ChannelPair[] pair = new ChannelPair[1];
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        d.onRequest(r -> toUp.execute(() -> {
            awaitQuietly(ready);
            pair[0].fromClient(r);
        }));
        Channel u = upConn.acceptChannel(open);
        RelayedChannel info = describe(open.channelType(), open.data(), false);
        pair[0] = new ChannelPair(this, d, u, info);
        ready.countDown();
        tap.channelOpened(info);
        pair[0].start();
    }

    static void awaitQuietly(java.util.concurrent.CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
