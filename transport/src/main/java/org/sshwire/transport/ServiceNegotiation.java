package org.sshwire.transport;

import java.util.Set;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * The one service request of a connection (RFC 4253 §10): the client asks once, after the first
 * key exchange; the server accepts a configured service or disconnects (and, as sshd, accepts
 * {@code ssh-userauth} again while authentication is in progress). Until then the transport
 * refuses every message of a higher layer.
 */
final class ServiceNegotiation {
    private static final String USERAUTH = "ssh-userauth";

    private final boolean client;
    private final Set<String> offered;
    private String requested;
    private boolean accepted;

    ServiceNegotiation(boolean client, Set<String> offered) {
        this.client = client;
        this.offered = offered;
    }

    boolean accepted() {
        return accepted;
    }

    /** Client: the SERVICE_REQUEST to send. */
    Payload request(String name) {
        if (!client || requested != null) {
            throw new IllegalStateException("service already requested, or not a client");
        }
        requested = name;
        return new Payload(MessageNumbers.SSH_MSG_SERVICE_REQUEST, new SshWriter().writeUtf8(name).toBytes());
    }

    /**
     * Server: checks a SERVICE_REQUEST and returns the name to accept. The accepted
     * {@code ssh-userauth} may be asked for again until authentication succeeds: sshd keeps
     * answering it with SERVICE_ACCEPT then (auth2.c input_service_request), and paramiko asks
     * again before each authentication method it tries.
     */
    String onRequest(Payload p, boolean keysExchanged, boolean authenticated) {
        SshReader r = p.reader();
        String name = r.readUtf8();
        r.expectEnd();
        if (!client && keysExchanged && accepted && !authenticated && name.equals(requested)
                && name.equals(USERAUTH)) {
            return name;
        }
        if (client || !keysExchanged || accepted) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "unexpected SERVICE_REQUEST");
        }
        if (!offered.contains(name)) {
            throw new TransportException(DisconnectReason.SERVICE_NOT_AVAILABLE, "service not available: " + name);
        }
        accepted = true;
        requested = name;
        return name;
    }

    /** Server: the SERVICE_ACCEPT for {@link #onRequest}'s name. */
    static Payload accept(String name) {
        return new Payload(MessageNumbers.SSH_MSG_SERVICE_ACCEPT, new SshWriter().writeUtf8(name).toBytes());
    }

    /** Client: checks a SERVICE_ACCEPT against what was requested and returns its name. */
    String onAccept(Payload p) {
        SshReader r = p.reader();
        String name = r.readUtf8();
        r.expectEnd();
        if (!client || requested == null || accepted || !requested.equals(name)) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "unexpected SERVICE_ACCEPT for " + name);
        }
        accepted = true;
        return name;
    }
}
