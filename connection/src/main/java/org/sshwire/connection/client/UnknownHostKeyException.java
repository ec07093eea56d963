package org.sshwire.connection.client;

import org.sshwire.transport.keys.SshPublicKey;

/**
 * No key of the offered type is known for the host (ssh: "The authenticity of host ... can't be
 * established"). The usual answer is to ask the user and record {@link #key()}; see
 * {@link HostKeyException}.
 */
public final class UnknownHostKeyException extends HostKeyException {
    private static final long serialVersionUID = 1L;

    public UnknownHostKeyException(String host, int port, SshPublicKey key, String message) {
        super(host, port, key, message);
    }
}
