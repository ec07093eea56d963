package org.sshwire.transport.kex;

import java.util.List;
import org.sshwire.transport.TransportException;
import org.sshwire.transport.wire.DisconnectReason;

/** No algorithm in common for one category; ends the connection with KEY_EXCHANGE_FAILED. */
public final class KexNegotiationException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final String category;
    private final List<String> clientList;
    private final List<String> serverList;

    public KexNegotiationException(String category, List<String> clientList, List<String> serverList) {
        super(DisconnectReason.KEY_EXCHANGE_FAILED, "no matching " + category + " found: client "
                + String.join(",", clientList) + " server " + String.join(",", serverList));
        this.category = category;
        this.clientList = List.copyOf(clientList);
        this.serverList = List.copyOf(serverList);
    }

    /** The category, in OpenSSH's words: "key exchange method", "host key type", "cipher", "MAC", "compression method". */
    public String category() {
        return category;
    }

    public List<String> clientList() {
        return clientList;
    }

    public List<String> serverList() {
        return serverList;
    }
}
