package org.sshwire.connection.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.channel.ChannelTap;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.transport.TransportConfig;

/**
 * What {@link SshServer.Builder} collected, shared read-only by every connection; the transport
 * and host keys are set once by {@link SshServer#start()}, before the first accept.
 */
final class ServerSettings {
    volatile TransportConfig transport;
    ServerAuthConfig authConfig;
    ServerAuthPolicy authPolicy;
    ConnectionConfig connectionConfig = ConnectionConfig.server();
    Executor executor;
    SessionHandler handler;
    Map<String, SessionHandler> subsystems = Map.of();
    Map<String, ChannelHandler> channelTypes = Map.of();
    Map<String, GlobalRequestHandler> globalRequests = Map.of();
    BiPredicate<Session, Pty> ptyPolicy = (s, p) -> true;
    BiPredicate<Session, String> sessionPolicy = (s, type) -> true;
    ForwardingPolicy forwarding = ForwardingPolicy.DENY;
    ChannelTap tap;
    int maxConnections = 10_000;
    MaxStartups maxStartups = MaxStartups.DEFAULT;
    /** sshd's MaxSessions (DEFAULT_SESSIONS_MAX, 10): session channels open at once per connection. */
    int maxSessions = 10;
    /** sshd's PerSourceMaxStartups, default none. */
    /**
     * Stricter than sshd (none): one address must not hold every MaxStartups slot, nor push all
     * other sources into random early drop, so it stays below MaxStartups' start (10).
     */
    int perSourceMaxStartups = 5;
    /** sshd's PerSourceNetBlockSize, default 32:128. */
    int netBlockV4 = 32;
    int netBlockV6 = 128;
    PerSourcePenalties penalties = PerSourcePenalties.DEFAULT;
    java.util.List<NetBlocks.Cidr> penaltyExempt = java.util.List.of();
    /** Load balancers whose connections begin with a PROXY protocol header; empty: none. */
    java.util.List<NetBlocks.Cidr> proxyProtocolFrom = java.util.List.of();
    /** sshd's ChannelTimeout (none by default). */
    ChannelTimeouts channelTimeouts = ChannelTimeouts.NONE;
    /** sshd's UnusedConnectionTimeout (none by default). */
    Duration unusedConnectionTimeout;
    Duration keepaliveInterval;
    int keepaliveMaxMissed = 3;
    Duration idleTimeout;
    /** All host keys, for hostkeys-00 / hostkeys-prove-00 (OpenSSH PROTOCOL §2.5). */
    volatile java.util.List<org.sshwire.transport.keys.SshKeyPair> hostKeys;
    boolean announceHostKeys = true;
    boolean roundTripProbe = true;
    /** Null: login names are not OS accounts. */
    UserAccounts accounts;
    AcceptEnv acceptEnv = AcceptEnv.DEFAULT;
}
