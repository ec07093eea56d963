package org.sshwire.connection.engine;

import org.sshwire.connection.message.ChannelRequestBody;

/**
 * Channel requests the engine refuses before they reach the application (RFC 4254 §6), on
 * session channels the peer opened to us.
 */
final class SessionRules {
    private final boolean allowX11;

    SessionRules(boolean allowX11) {
        this.allowX11 = allowX11;
    }

    /**
     * Why {@code requestType} is refused on {@code ch}, or null if the application decides.
     * Records a shell/exec/subsystem so that a second one is refused.
     */
    String refusal(ChannelState ch, String requestType) {
        if (!ch.isServedSession()) {
            return null;
        }
        if (ChannelRequestBody.X11_REQ.equals(requestType) && !allowX11) {
            // RFC 4254 §6.3.1 makes X11 forwarding optional; it exposes the client's display, so off by default.
            return "X11 forwarding is disabled";
        }
        if (ch.isCommandRequest(requestType)) {
            // RFC 4254 §6.5: a session runs one shell, command or subsystem; a second one is refused
            // whether or not the application accepted the first.
            if (ch.commandRequested) {
                return "a shell, command or subsystem was already requested on this channel";
            }
            ch.commandRequested = true;
        }
        return null;
    }
}
