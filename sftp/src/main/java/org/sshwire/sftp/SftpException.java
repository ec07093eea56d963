package org.sshwire.sftp;

import java.io.IOException;

/**
 * An SFTP operation that failed with an SSH_FX_* status (draft-ietf-secsh-filexfer-02 §7).
 * Thrown by {@link SftpClient} for a non-OK STATUS reply, and by {@link SftpFileSystem}
 * implementations to choose the status the server sends.
 *
 * <pre>{@code
 * try { client.stat("/missing"); }
 * catch (SftpException e) { if (e.status() == StatusCode.NO_SUCH_FILE) { ... } }
 * }</pre>
 */
public class SftpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long status;
    private final String serverMessage;

    public SftpException(long status, String serverMessage) {
        super(StatusCode.name(status) + ": " + serverMessage);
        this.status = status;
        this.serverMessage = serverMessage;
    }

    /** A status with OpenSSH's message for it. */
    public SftpException(int status) {
        this(status, StatusCode.message(status));
    }

    /** The SSH_FX_* code. */
    public long status() {
        return status;
    }

    /** The message the server sent (or will send). */
    public String serverMessage() {
        return serverMessage;
    }
}
