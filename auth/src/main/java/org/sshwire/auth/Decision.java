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

    /**
     * This step succeeded, but the login needs one of {@code next} as well (RFC 4252 §5.1 partial
     * success; Go's {@code PartialSuccessError}): the client gets USERAUTH_FAILURE with partial
     * success and {@code next} as the methods that can continue, whatever the configured method
     * chains would have allowed. {@code permissions} combine with the later steps' as in
     * {@link Permissions#merge}. Not counted towards MaxAuthTries. For a
     * {@link ServerAuthEvent.PublicKeyQuery} it only means PK_OK.
     *
     * <pre>{@code
     * // a key is not enough for admins: they also answer a one-time code
     * return admins.contains(user) ? Decision.partialSuccess(Permissions.DEFAULT, List.of("keyboard-interactive"))
     *                              : Decision.accept();
     * }</pre>
     */
    record PartialSuccess(Permissions permissions, List<String> next) implements Decision {
        public PartialSuccess {
            Objects.requireNonNull(permissions);
            next = List.copyOf(next);
            if (next.isEmpty()) {
                throw new IllegalArgumentException("partial success needs the methods that can continue");
            }
            for (String m : next) {
                if (!AuthMethod.PUBLICKEY.equals(m) && !AuthMethod.PASSWORD.equals(m) && !AuthMethod.KEYBOARD_INTERACTIVE.equals(m)
                        && !AuthMethod.HOSTBASED.equals(m)) {
                    throw new IllegalArgumentException("not a method that can follow a partial success: " + m);
                }
            }
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

    /** See {@link PartialSuccess}. */
    static Decision.PartialSuccess partialSuccess(Permissions p, List<String> next) {
        return new PartialSuccess(p, next);
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
