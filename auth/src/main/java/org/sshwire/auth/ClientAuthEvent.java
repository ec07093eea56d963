package org.sshwire.auth;

import java.util.List;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * What a {@link ClientAuthenticator} tells the application. Events with an {@code id} ask for an
 * answer through the authenticator.
 */
public sealed interface ClientAuthEvent {

    /** RFC 4252 §5.4: text the server wants shown to the user. */
    record Banner(String message, String language) implements ClientAuthEvent {
    }

    /** A password for {@code user} is needed: answer with {@link ClientAuthenticator#providePassword}. */
    record PasswordNeeded(long id, String user) implements ClientAuthEvent {
    }

    /** RFC 4252 §8: the server wants a new password: answer with {@link ClientAuthenticator#provideNewPassword}. */
    record PasswordChangeNeeded(long id, String prompt) implements ClientAuthEvent {
    }

    /** RFC 4256 §3.2: prompts to answer with {@link ClientAuthenticator#respond}. */
    record InfoRequested(long id, String name, String instruction, List<AuthMessage.Prompt> prompts)
            implements ClientAuthEvent {
    }

    /** A method succeeded but the server requires more (partial success). */
    record PartialSuccess(String method, List<String> canContinue) implements ClientAuthEvent {
    }

    /** USERAUTH_SUCCESS: {@code key} and {@code algorithm} are the last key that signed, or null. */
    record Authenticated(List<String> methods, SshPublicKey key, String algorithm) implements ClientAuthEvent {
    }

    /** Authentication failed; the client sent DISCONNECT. */
    record Failed(AuthenticationException error) implements ClientAuthEvent {
    }
}
