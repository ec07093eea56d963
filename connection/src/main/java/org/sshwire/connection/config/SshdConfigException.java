package org.sshwire.connection.config;

/**
 * An sshd_config that sshd would refuse, or that names a keyword or value sshwire does not
 * implement. The message is sshd's own where sshd has one ({@code "FILE line N: ..."}), one line
 * per error found, ending like sshd with {@code "FILE: terminating, N bad configuration options"}
 * when several lines were bad.
 */
public final class SshdConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SshdConfigException(String message) {
        super(message);
    }

    public SshdConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
