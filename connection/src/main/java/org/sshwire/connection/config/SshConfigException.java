package org.sshwire.connection.config;

/**
 * An ssh_config (or {@code -o} option) that ssh would refuse. The message is ssh's own, one line
 * per error found ({@code "FILE line N: ..."}), ending like ssh with
 * {@code "FILE: terminating, N bad configuration options"} when a file had bad lines.
 */
public final class SshConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SshConfigException(String message) {
        super(message);
    }
}
