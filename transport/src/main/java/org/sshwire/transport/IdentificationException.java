package org.sshwire.transport;

import org.sshwire.transport.wire.DisconnectReason;

/**
 * The peer's identification line (RFC 4253 §4.2) is unacceptable. No packet can be sent yet, so
 * a server answers with a plain text line, as sshd does (kex.c send_error): {@link #INVALID} or
 * {@link #VERSIONS_DIFFER}, then closes; a client sends nothing.
 */
public final class IdentificationException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** sshd's line for a malformed identification, or a client's line that is not one. */
    public static final String INVALID = "Invalid SSH identification string.";
    /** sshd's line for a well-formed identification of another major version ("SSH-1.5-"). */
    public static final String VERSIONS_DIFFER = "Protocol major versions differ.";

    private final String lineForPeer;

    public IdentificationException(DisconnectReason reason, String lineForPeer, String message) {
        super(reason, message);
        this.lineForPeer = lineForPeer;
    }

    /** What a server writes to the peer, without its CR LF. */
    public String lineForPeer() {
        return lineForPeer;
    }
}
