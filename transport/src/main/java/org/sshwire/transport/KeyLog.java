package org.sshwire.transport;

/**
 * Research surface (DESIGN §5, unstable; off by default): receives one line per key exchange in
 * Wireshark's SSH key log format, so a capture of the session can be decrypted offline. Lines are
 * {@code <hex KEXINIT cookie> <hex ephemeral private key>} (what Wireshark's {@code ssh.keylog_file}
 * reads, for curve25519 and finite-field DH), or {@code <hex cookie> SHARED_SECRET <hex K>} for
 * other methods (newer Wireshark versions). Anyone holding the log can read the session. If it
 * throws, the exception is logged and the connection ends, with DISCONNECT BY_APPLICATION.
 *
 * <pre>{@code
 * TransportConfig.client().keyLog(line -> Files.writeString(log, line + "\n", APPEND, CREATE));
 * }</pre>
 */
@FunctionalInterface
public interface KeyLog {
    void write(String line);
}
