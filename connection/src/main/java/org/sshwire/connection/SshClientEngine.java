package org.sshwire.connection;

import java.util.Map;
import org.sshwire.auth.AuthTransport;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.ClientAuthEvent;
import org.sshwire.auth.ClientAuthenticator;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;

/**
 * A whole SSH client connection, sans-IO (DESIGN §2): after the first key exchange it asks for
 * {@code ssh-userauth}, authenticates with the configured methods, then carries channels.
 *
 * <p>The host key question ({@code TransportEvent.HostKeyToVerify}) is answered on
 * {@link #transport()}; auth prompts on {@link #auth()}; channels on {@link #connection()}.
 *
 * <pre>{@code
 * SshClientEngine ssh = new SshClientEngine(TransportConfig.client().build(),
 *         ClientAuthConfig.builder("alice").identity(Identity.of(key)).build(), ConnectionConfig.client());
 * }</pre>
 */
public final class SshClientEngine extends LayeredEngine {
    private final ClientAuthConfig authConfig;
    private ClientAuthenticator auth;
    private Map<String, Bytes> extInfo;

    public SshClientEngine(TransportConfig transportConfig, ClientAuthConfig authConfig, ConnectionConfig connectionConfig) {
        this(transportConfig, authConfig, connectionConfig, org.sshwire.transport.ConnectionInfo.opening(0, null, null),
                org.sshwire.transport.research.ConnectionHooks.NONE);
    }

    /**
     * With research hooks and policies for this one connection (DESIGN §5); {@code opening} names
     * it (id, addresses) for the hooks. Message observers see records decoded by
     * {@link org.sshwire.connection.research.SshMessages} unless the hooks bring their own decoder.
     */
    public SshClientEngine(TransportConfig transportConfig, ClientAuthConfig authConfig, ConnectionConfig connectionConfig,
              org.sshwire.transport.ConnectionInfo opening, org.sshwire.transport.research.ConnectionHooks hooks) {
        super(transportConfig, connectionConfig, true, opening, hooks);
        this.authConfig = authConfig;
    }


    /** Null until the first key exchange completed. */
    public ClientAuthenticator auth() {
        return auth;
    }

    @Override
    public boolean isAuthenticated() {
        return auth != null && auth.isAuthenticated();
    }

    @Override
    void onTransportEvent(TransportEvent e) {
        if (e instanceof TransportEvent.ExtInfoReceived x) {
            // It may arrive before our side of the first exchange finishes (host key still pending).
            extInfo = x.extensions();
            if (auth != null) {
                auth.onExtInfo(extInfo);
            }
        } else if (e instanceof TransportEvent.KeysExchanged k && k.initial()) {
            org.sshwire.transport.ConnectionInfo info = transport.connectionInfo();
            auth = new ClientAuthenticator(authConfig, AuthTransport.of(transport), k.sessionId(),
                    info == null ? null : info.hostKey());
            if (info != null && info.hostKey() != null && transport.initialExchangeSignature() != null) {
                // What ssh hands its agent in session-bind@openssh.com before it signs.
                auth.sessionBinding(info.hostKey(), transport.initialExchangeSignature());
            }
            if (extInfo != null) {
                auth.onExtInfo(extInfo);
            }
            if (!transport.isClosed()) { // a hook may have ended it in the same step
                transport.requestService("ssh-userauth");
                // The first USERAUTH_REQUEST ("none") follows the SERVICE_REQUEST in the same
                // flight instead of a round trip later: the server handles them in order (RFC
                // 4253 §10 lets it only accept or disconnect), so this saves one round trip of
                // every login. OpenSSH's ssh waits for SERVICE_ACCEPT first.
                auth.start();
            }
        } else if (e instanceof TransportEvent.PayloadReceived p) {
            route(p, auth.isAuthenticated(), auth::receive);
            return;
        }
        events.add(new SshEvent.Transport(e));
    }

    @Override
    boolean drainAuth() {
        boolean moved = false;
        if (auth != null) {
            for (ClientAuthEvent e; (e = auth.pollEvent()) != null; moved = true) {
                if (e instanceof ClientAuthEvent.Authenticated) {
                    transport.markAuthenticated();
                } else if (e instanceof ClientAuthEvent.Failed f) {
                    transport.disconnect(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, f.error().getMessage());
                }
                events.add(new SshEvent.ClientAuth(e));
            }
        }
        return moved;
    }

    @Override
    long authDeadlineNanos() {
        return Long.MAX_VALUE; // the client's waits are bounded by the transport and the caller
    }

    @Override
    void authDeadline(long nowNanos) {
        // no client-side auth timer
    }
}
