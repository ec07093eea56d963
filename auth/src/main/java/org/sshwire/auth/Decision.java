package org.sshwire.auth;

import java.util.List;
import java.util.Objects;
import org.sshwire.auth.internal.WireLimits;

/**
 * The application's answer to a {@link ServerAuthEvent.Question}, given to
 * {@link ServerAuthenticator#decide}.
 *
 * <pre>{@code
 * auth.decide(q.id(), ok ? Decision.accept(Permissions.DEFAULT) : Decision.reject());
 * }</pre>
 */
public sealed interface Decision {
    /** Accepted, with what the login may do. For a {@link ServerAuthEvent.PublicKeyQuery} it only means PK_OK. */
    record Accept(Permissions permissions) implements Decision {
        public Accept {
            Objects.requireNonNull(permissions);
        }
    }

    /** Not accepted: the client gets USERAUTH_FAILURE and it counts towards MaxAuthTries. */
    record Reject(String why) implements Decision {
    }

    /** Password only: the password is right but expired; asks for a new one (RFC 4252 §8). */
    record ChangePassword(String prompt) implements Decision {
        public ChangePassword {
            Objects.requireNonNull(prompt);
        }
    }

    /** Keyboard-interactive only: another round of prompts (RFC 4256 §3.2). */
    record Challenge(String name, String instruction, List<AuthMessage.Prompt> prompts) implements Decision {
        public Challenge {
            Objects.requireNonNull(name);
            Objects.requireNonNull(instruction);
            prompts = List.copyOf(prompts);
            if (prompts.size() > WireLimits.MAX_PROMPTS) {
                throw new IllegalArgumentException("more than " + WireLimits.MAX_PROMPTS + " prompts");
            }
        }
    }

    static Decision accept() {
        return new Accept(Permissions.DEFAULT);
    }

    static Decision accept(Permissions p) {
        return new Accept(p);
    }

    static Decision reject() {
        return new Reject("rejected");
    }

    static Decision reject(String why) {
        return new Reject(why);
    }

    static Decision challenge(String name, String instruction, List<AuthMessage.Prompt> prompts) {
        return new Challenge(name, instruction, prompts);
    }
}
