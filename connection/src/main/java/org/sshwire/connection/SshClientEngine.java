package org.sshwire.connection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import org.sshwire.auth.AuthTransport;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.ClientAuthEvent;
import org.sshwire.auth.ClientAuthenticator;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
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
public final class SshClientEngine implements SshEngine {
    private final TransportEngine transport;
    private final ClientAuthConfig authConfig;
    private final ConnectionEngine connection;
    private final ArrayDeque<SshEvent> events = new ArrayDeque<>();
    private ClientAuthenticator auth;
    private Map<String, Bytes> extInfo;

    public SshClientEngine(TransportConfig transportConfig, ClientAuthConfig authConfig, ConnectionConfig connectionConfig) {
        if (!transportConfig.isClient()) {
            throw new IllegalArgumentException("a client engine needs a client transport configuration");
        }
        this.transport = new TransportEngine(transportConfig);
        this.authConfig = authConfig;
        this.connection = new ConnectionEngine(connectionConfig);
    }

    public void receive(ByteBuffer bytesFromPeer) {
        transport.receive(bytesFromPeer);
        step();
    }

    public void receiveEof() {
        transport.receiveEof();
        step();
    }

    public ByteBuffer pollTransmit() {
        step();
        return transport.pollTransmit();
    }

    public SshEvent pollEvent() {
        step();
        return events.poll();
    }

    public long nextDeadlineNanos() {
        return transport.nextDeadlineNanos();
    }

    public void onDeadline(long nowNanos) {
        transport.onDeadline(nowNanos);
        step();
    }

    public TransportEngine transport() {
        return transport;
    }

    /** Null until the first key exchange completed. */
    public ClientAuthenticator auth() {
        return auth;
    }

    public ConnectionEngine connection() {
        return connection;
    }

    public boolean isAuthenticated() {
        return auth != null && auth.isAuthenticated();
    }

    public boolean isClosed() {
        return transport.isClosed();
    }

    private void step() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (TransportEvent e; (e = transport.pollEvent()) != null; moved = true) {
                onTransportEvent(e);
            }
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
            moved |= LayerRouter.drainConnection(transport, connection, events);
        }
    }

    private void onTransportEvent(TransportEvent e) {
        if (e instanceof TransportEvent.ExtInfoReceived x) {
            // It may arrive before our side of the first exchange finishes (host key still pending).
            extInfo = x.extensions();
            if (auth != null) {
                auth.onExtInfo(extInfo);
            }
        } else if (e instanceof TransportEvent.KeysExchanged k && k.initial()) {
            auth = new ClientAuthenticator(authConfig, AuthTransport.of(transport), k.sessionId());
            if (extInfo != null) {
                auth.onExtInfo(extInfo);
            }
            transport.requestService("ssh-userauth");
        } else if (e instanceof TransportEvent.ServiceAccepted) {
            auth.start();
        } else if (e instanceof TransportEvent.PayloadReceived p) {
            if (!auth.isAuthenticated() || p.payload().msgId() < 80) {
                auth.receive(p);
            } else {
                LayerRouter.toConnection(transport, connection, p);
            }
            return;
        }
        events.add(new SshEvent.Transport(e));
    }
}
