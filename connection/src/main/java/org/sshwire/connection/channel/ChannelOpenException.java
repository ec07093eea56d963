package org.sshwire.connection.channel;

import java.io.IOException;
import org.sshwire.connection.message.OpenFailureReason;

/**
 * The peer refused a channel we asked to open (RFC 4254 §5.1), with its reason code.
 *
 * <pre>{@code
 * try { conn.openChannel("direct-tcpip", data); }
 * catch (ChannelOpenException e) { if (e.reasonCode() == 1) ... } // ADMINISTRATIVELY_PROHIBITED
 * }</pre>
 */
public final class ChannelOpenException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long reasonCode;

    public ChannelOpenException(long reasonCode, String description) {
        super("channel open refused (" + reasonCode + "): " + description);
        this.reasonCode = reasonCode;
    }

    /** The RFC 4254 §5.1 code (1 administratively prohibited, 2 connect failed, 3 unknown type, 4 resource shortage). */
    public long reasonCode() {
        return reasonCode;
    }

    /** The code as the enum, or null for a code outside RFC 4254. */
    public OpenFailureReason reason() {
        return OpenFailureReason.of(reasonCode);
    }
}
