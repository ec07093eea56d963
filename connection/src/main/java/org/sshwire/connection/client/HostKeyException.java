package org.sshwire.connection.client;

import java.io.IOException;
import java.util.Objects;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * The server's host key was refused, so {@link SshClient.Builder#connect connect} did not
 * log in. The subclasses say why, as ssh's known_hosts check does: {@link UnknownHostKeyException}
 * (no key of this type is known for the host), {@link ChangedHostKeyException} (another key of
 * this type is: possibly a man in the middle) and {@link RevokedHostKeyException}
 * ({@code @revoked}). This class itself is what a {@link HostKeyVerifier} that returns false, or
 * fails, gives.
 *
 * <pre>{@code
 * try (SshClient c = builder.hostKeyVerifier(HostKeyVerifier.knownHosts(knownHosts)).connect(host, 22)) {
 *     ...
 * } catch (UnknownHostKeyException e) {
 *     // ssh's StrictHostKeyChecking=ask: show e.key().fingerprintSha256(), and if the user agrees:
 *     Files.writeString(knownHosts, KnownHosts.formatLine(e.host(), e.port(), e.key(), false, crypto) + "\n", APPEND);
 * } catch (ChangedHostKeyException e) {
 *     System.err.println("REMOTE HOST IDENTIFICATION HAS CHANGED: " + e.getMessage());
 * }
 * }</pre>
 */
public class HostKeyException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String host;
    private final int port;
    private final transient SshPublicKey key;

    public HostKeyException(String host, int port, SshPublicKey key, String message) {
        this(host, port, key, message, null);
    }

    public HostKeyException(String host, int port, SshPublicKey key, String message, Throwable cause) {
        super(message, cause);
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.key = Objects.requireNonNull(key);
    }

    /** The host name the client connected to, as given to {@code connect}. */
    public String host() {
        return host;
    }

    /** The port the client connected to (0 for a connection over streams). */
    public int port() {
        return port;
    }

    /**
     * The host key refused. For a certificate that no {@code @cert-authority} accepted, the
     * known_hosts subclasses carry its plain key — the one ssh then looks up, and the one to
     * record — while {@link RevokedHostKeyException} carries what the server offered.
     */
    public SshPublicKey key() {
        return key;
    }
}
