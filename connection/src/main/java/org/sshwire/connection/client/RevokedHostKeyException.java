package org.sshwire.connection.client;

import org.sshwire.transport.keys.SshPublicKey;

/**
 * The offered key — or, for a certificate, its key or the authority that signed it — is marked
 * {@code @revoked} in known_hosts (ssh: "Host key ... revoked by file"). It is refused even where
 * another line would accept it.
 */
public final class RevokedHostKeyException extends HostKeyException {
    private static final long serialVersionUID = 1L;

    public RevokedHostKeyException(String host, int port, SshPublicKey key, String message) {
        super(host, port, key, message);
    }
}
