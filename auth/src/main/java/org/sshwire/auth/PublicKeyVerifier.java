package org.sshwire.auth;

import java.net.InetAddress;
import java.util.Optional;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Decides whether a public key (or certificate) may log in as a user, and with what
 * permissions. Called for queries too (only to decide PK_OK), so it must not treat a call as a
 * login; the login is {@link ServerAuthEvent.Authenticated}.
 */
@FunctionalInterface
public interface PublicKeyVerifier {
    /** The permissions if {@code key} may log in as {@code user} from {@code client}; empty if not. */
    Optional<Permissions> check(String user, SshPublicKey key, InetAddress client);

    /** The first verifier that accepts. */
    default PublicKeyVerifier or(PublicKeyVerifier other) {
        return (u, k, c) -> {
            Optional<Permissions> p = check(u, k, c);
            return p.isPresent() ? p : other.check(u, k, c);
        };
    }
}
