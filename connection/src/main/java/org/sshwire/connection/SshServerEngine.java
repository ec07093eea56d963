package org.sshwire.connection;

import org.sshwire.auth.AuthTransport;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.auth.ServerAuthenticator;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.DisconnectReason;

/**
 * A whole SSH server connection, sans-IO (DESIGN §2): transport, then {@code ssh-userauth}, then
 * the connection protocol. Payloads go to the authenticator until it succeeds — nothing of the
 * connection protocol is processed before that — and to the channel engine afterwards.
 *
 * <p>Answer questions on the layer that asked ({@link #auth()}{@code .decide(...)},
 * {@link #connection()}{@code .acceptChannel(...)}); the next {@link #pollTransmit()} or
 * {@link #pollEvent()} moves the consequences along.
 *
 * <pre>{@code
 * SshServerEngine ssh = new SshServerEngine(TransportConfig.server(keys).build(),
 *         ServerAuthConfig.builder().build(), ConnectionConfig.server());
 * ssh.receive(bytes);
 * for (SshEvent e; (e = ssh.pollEvent()) != null; ) handle(e);
 * for (ByteBuffer b; (b = ssh.pollTransmit()) != null; ) socket.write(b);
 * }</pre>
 */
public final class SshServerEngine extends LayeredEngine {
    /** What {@link #onDeadline} reports when LoginGraceTime ends a connection (sshd's log line). */
    public static final String GRACE_EXCEEDED = "Timeout before authentication";

    private final ServerAuthConfig authConfig;
    private final long graceNanos;
    private ServerAuthenticator auth;
    private boolean graceArmed;
    private long graceDeadline;
    private boolean graceExpired;
    private java.util.List<org.sshwire.transport.wire.Bytes> hostKeysToAnnounce;

    public SshServerEngine(TransportConfig transportConfig, ServerAuthConfig authConfig, ConnectionConfig connectionConfig) {
        this(transportConfig, authConfig, connectionConfig, org.sshwire.transport.ConnectionInfo.opening(0, null, null),
                org.sshwire.transport.research.ConnectionHooks.NONE);
    }

    /**
     * With research hooks and policies for this one connection (DESIGN §5); {@code opening} names
     * it (id, addresses) for the hooks. Message observers see records decoded by
     * {@link org.sshwire.connection.research.SshMessages} unless the hooks bring their own decoder.
     */
    public SshServerEngine(TransportConfig transportConfig, ServerAuthConfig authConfig, ConnectionConfig connectionConfig,
              org.sshwire.transport.ConnectionInfo opening, org.sshwire.transport.research.ConnectionHooks hooks) {
        super(transportConfig, connectionConfig, false, opening, hooks);
        this.authConfig = authConfig;
        this.graceNanos = authConfig.graceTime().toNanos();
    }

    /**
     * Announces these host key blobs with {@code hostkeys-00@openssh.com} right after
     * USERAUTH_SUCCESS, in the same step (OpenSSH PROTOCOL §2.5; sshd's notify_hostkeys runs
     * before it reads anything more), so the order of the server's packets does not depend on
     * thread timing.
     */
    public void announceHostKeysAfterLogin(java.util.List<org.sshwire.transport.wire.Bytes> blobs) {
        hostKeysToAnnounce = java.util.List.copyOf(blobs);
    }

    /** True once LoginGraceTime closed this connection (for per-source penalties: grace-exceeded). */
    public boolean loginGraceExpired() {
        return graceExpired;
    }


    /** Null until the client asked for {@code ssh-userauth}. */
    public ServerAuthenticator auth() {
        return auth;
    }

    @Override
    public boolean isAuthenticated() {
        return auth != null && auth.isAuthenticated();
    }

    @Override
    void onTransportEvent(TransportEvent e) {
        if (e instanceof TransportEvent.ServiceAccepted) {
            // The transport accepts only the configured services; ssh-userauth starts authentication.
            auth = new ServerAuthenticator(authConfig, AuthTransport.of(transport), transport.connectionInfo().sessionId(),
                    transport.connectionInfo().hostKey());
        }
        if (e instanceof TransportEvent.PayloadReceived p) {
            if (auth != null) { // the transport refuses payloads before a service is accepted
                route(p, auth.isAuthenticated(), auth::receive);
            }
            return;
        }
        events.add(new SshEvent.Transport(e));
    }

    @Override
    boolean drainAuth() {
        boolean moved = false;
        if (auth != null) {
            for (ServerAuthEvent e; (e = auth.pollEvent()) != null; moved = true) {
                if (e instanceof ServerAuthEvent.Authenticated) {
                    transport.markAuthenticated();
                    if (hostKeysToAnnounce != null && !transport.isClosed()) {
                        connection.announceHostKeys(hostKeysToAnnounce);
                    }
                }
                events.add(new SshEvent.ServerAuth(e));
            }
        }
        return moved;
    }

    /*
     * LoginGraceTime, as sshd's alarm(): armed at the engine's first deadline call (the driver makes
     * it at once, so in effect at accept) and covering identification, key exchange and
     * authentication. The authenticator's own grace timer is not used: it would start only at
     * the ssh-userauth service request, leaving a silent or dripping peer a slot for good.
     */
    @Override
    long authDeadlineNanos() {
        if (graceNanos <= 0 || isAuthenticated() || transport.isClosed()) {
            return Long.MAX_VALUE;
        }
        return graceArmed ? graceDeadline : Long.MIN_VALUE;
    }

    @Override
    void authDeadline(long nowNanos) {
        if (graceNanos <= 0 || isAuthenticated() || transport.isClosed()) {
            return;
        }
        if (!graceArmed) {
            graceArmed = true;
            graceDeadline = nowNanos + graceNanos;
        } else if (nowNanos - graceDeadline >= 0) {
            // sshd's grace_alarm_handler exits without a DISCONNECT; the peer just sees the close.
            graceExpired = true;
            transport.closeSilently(DisconnectReason.BY_APPLICATION, GRACE_EXCEEDED);
        }
    }
}
