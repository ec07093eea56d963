package org.sshwire.connection.client;

import java.util.List;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * The host is known with another key of the same type (ssh: "REMOTE HOST IDENTIFICATION HAS
 * CHANGED"): either the server's key was replaced or someone is in the middle. Never accept it
 * silently.
 */
public final class ChangedHostKeyException extends HostKeyException {
    private static final long serialVersionUID = 1L;
    private final transient List<SshPublicKey> knownKeys;

    public ChangedHostKeyException(String host, int port, SshPublicKey key, List<SshPublicKey> knownKeys, String message) {
        super(host, port, key, message);
        this.knownKeys = List.copyOf(knownKeys);
    }

    /** The keys of this type known for the host, none of which the server offered. */
    public List<SshPublicKey> knownKeys() {
        return knownKeys;
    }
}
