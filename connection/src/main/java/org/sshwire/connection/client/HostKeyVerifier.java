package org.sshwire.connection.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Decides whether the server's host key is the right one (Go's {@code HostKeyCallback}). Runs on
 * the client's executor.
 *
 * <pre>{@code
 * HostKeyVerifier v = HostKeyVerifier.knownHosts(Path.of(System.getProperty("user.home"), ".ssh/known_hosts"));
 * HostKeyVerifier pinned = (host, port, key) -> key.equals(expected);
 * }</pre>
 */
@FunctionalInterface
public interface HostKeyVerifier {
    boolean verify(String host, int port, SshPublicKey key);

    /** Accepts a key that a known_hosts file lists for the host (plain entries; re-read on each connection). */
    static HostKeyVerifier knownHosts(Path file) {
        return (host, port, key) -> {
            try {
                return KnownHosts.parse(Files.readString(file)).lookup(host, port, key) == KnownHosts.Status.MATCH;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Accepts any key: only for tests and throwaway servers — it makes a man in the middle possible. */
    static HostKeyVerifier acceptAny() {
        return (host, port, key) -> true;
    }
}
