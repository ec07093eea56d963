package org.sshwire.auth;

import java.util.List;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * What a {@link ServerAuthenticator} tells the application. {@link Question}s wait for
 * {@link ServerAuthenticator#decide}; the others are reports.
 *
 * <p>Safe by construction (Go CVE-2024-45337): a {@link PublicKeyQuery} only decides whether
 * PK_OK is sent and never authenticates; the only public key that can log in is the one in
 * {@link PublicKeyVerified}, asked after its signature over the session verified, and the one in
 * {@link Authenticated#key()}.
 */
public sealed interface ServerAuthEvent {

    /** A question for the application; answer with {@code decide(id(), ...)}. */
    sealed interface Question extends ServerAuthEvent {
        long id();

        String user();
    }

    /** Is this password right for {@code user}? With {@code newPassword}, the client asks to change it. */
    record PasswordCheck(long id, String user, String password, String newPassword) implements Question {
        @Override
        public String toString() {
            return "PasswordCheck[id=" + id + ", user=" + user + (newPassword != null ? ", change" : "") + "]";
        }
    }

    /** Would this key be acceptable for {@code user}? Only decides PK_OK; not a login. */
    record PublicKeyQuery(long id, String user, SshPublicKey key, String algorithm) implements Question {
    }

    /** The client proved possession of {@code key} by a signature over this session: may it log in? */
    record PublicKeyVerified(long id, String user, SshPublicKey key, String algorithm) implements Question {
    }

    /** RFC 4252 §9: {@code hostKey} signed for {@code clientUser}@{@code clientHost}: may that be {@code user}? */
    record HostBasedVerified(long id, String user, SshPublicKey hostKey, String clientHost, String clientUser)
            implements Question {
    }

    /** RFC 4256 §3.1: keyboard-interactive starts; answer with a {@link Decision.Challenge} (or accept/reject). */
    record KeyboardInteractiveStart(long id, String user, String submethods) implements Question {
    }

    /** RFC 4256 §3.4: the answers to the last challenge, in prompt order. */
    record KeyboardInteractiveResponses(long id, String user, List<String> responses) implements Question {
        @Override
        public String toString() {
            return "KeyboardInteractiveResponses[id=" + id + ", user=" + user + ", " + responses.size() + " responses]";
        }
    }

    /** A method succeeded but the user's required set is not complete (partial success). */
    record PartialSuccess(String user, String method, List<String> remaining) implements ServerAuthEvent {
    }

    /** An attempt failed (counted towards MaxAuthTries when {@code counted}). */
    record AttemptFailed(String user, String method, String why, boolean counted) implements ServerAuthEvent {
    }

    /**
     * Authentication is complete: USERAUTH_SUCCESS was sent. {@code key} is the public key that
     * signed (the last publickey step), or null when no key was used.
     */
    record Authenticated(String user, String service, List<String> methods, Permissions permissions, SshPublicKey key)
            implements ServerAuthEvent {
    }
}
