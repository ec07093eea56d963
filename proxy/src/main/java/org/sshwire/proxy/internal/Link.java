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
    private final org.sshwire.proxy.CommandPolicy commands;
    private final RelayTap tap;
    private final Executor pumps;
    private final Duration timeout;
    private final AtomicInteger channels = new AtomicInteger();
    private volatile boolean agentRequested;
    private Route route; // guarded by this
    private RouteDeniedException denied; // guarded by this
    private SshClient upstream; // guarded by this
    private IOException failed; // guarded by this

    public Link(SshConnection down, Router router, UpstreamLogin login, org.sshwire.proxy.CommandPolicy commands, RelayTap tap,
                Executor pumps, Duration timeout) {
        this.down = down;
        this.commands = commands;
        this.router = router;
        this.login = login;
        this.tap = tap;
        this.pumps = pumps;
        this.timeout = timeout;
        this.id = STAMP.format(Instant.now()) + "-" + PID + "-" + SERIAL.incrementAndGet();
    }

    /** Why {@code request} (exec, shell, subsystem) may not go upstream, or empty. */
    public Optional<String> refusal(org.sshwire.connection.message.ChannelRequestBody request) throws RouteDeniedException {
        return commands.refuse(down.user(), route(), request);
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
                route = router.route(down.user(), down);
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
            login.configure(r, b, Optional.ofNullable(agent));
            upstream = b.connect(r.host(), r.port());
        } catch (IOException e) {
            failed = new IOException("cannot log in to " + r + ": " + e.getMessage(), e);
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
        tap.connected(id, down.user(), down.remoteAddress(), r);
        // The upstream going away ends the user's connection (close() does the reverse).
        u.connection().closeFuture().whenComplete((x, e) -> down.close());
        return u;
    }

    /** The user's connection ended: so does the upstream's. */
    public synchronized void close() {
        if (upstream != null) {
            upstream.close();
        }
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
        pair[0] = new ChannelPair(d, u, info, tap, pumps);
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
