package org.sshwire.connection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.sshwire.auth.AuthTransport;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.auth.ServerAuthenticator;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;

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
public final class SshServerEngine implements SshEngine {
    private final TransportEngine transport;
    private final ServerAuthConfig authConfig;
    private final ConnectionEngine connection;
    private final ArrayDeque<SshEvent> events = new ArrayDeque<>();
    private ServerAuthenticator auth;

    public SshServerEngine(TransportConfig transportConfig, ServerAuthConfig authConfig, ConnectionConfig connectionConfig) {
        if (transportConfig.isClient()) {
            throw new IllegalArgumentException("a server engine needs a server transport configuration");
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
        return LayerRouter.earliest(transport.nextDeadlineNanos(), auth == null ? Long.MAX_VALUE : auth.nextDeadlineNanos());
    }

    public void onDeadline(long nowNanos) {
        transport.onDeadline(nowNanos);
        if (auth != null) {
            auth.onDeadline(nowNanos);
        }
        step();
    }

    public TransportEngine transport() {
        return transport;
    }

    /** Null until the client asked for {@code ssh-userauth}. */
    public ServerAuthenticator auth() {
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

    /** Moves payloads and events between the layers until nothing more moves. */
    private void step() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (TransportEvent e; (e = transport.pollEvent()) != null; moved = true) {
                onTransportEvent(e);
            }
            if (auth != null) {
                for (ServerAuthEvent e; (e = auth.pollEvent()) != null; moved = true) {
                    if (e instanceof ServerAuthEvent.Authenticated) {
                        transport.markAuthenticated();
                    }
                    events.add(new SshEvent.ServerAuth(e));
                }
            }
            moved |= LayerRouter.drainConnection(transport, connection, events);
        }
    }

    private void onTransportEvent(TransportEvent e) {
        if (e instanceof TransportEvent.ServiceAccepted) {
            // The transport accepts only the configured services; ssh-userauth starts authentication.
            auth = new ServerAuthenticator(authConfig, AuthTransport.of(transport), transport.connectionInfo().sessionId());
        }
        if (e instanceof TransportEvent.PayloadReceived p) {
            if (auth == null) {
                return; // the transport refuses payloads before a service is accepted
            }
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
