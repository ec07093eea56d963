package org.sshwire.auth;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Answers a {@link ServerAuthenticator}'s questions from ready-made verifiers, the way Go's
 * {@code ServerConfig} callbacks do, for applications that do not want to handle each event.
 * Run it off the engine lock (it may read files), then pass the result to
 * {@link ServerAuthenticator#decide}. Keyboard-interactive defaults to one "Password:" prompt
 * checked by the password verifier.
 *
 * <pre>{@code
 * ServerAuthPolicy policy = ServerAuthPolicy.builder()
 *         .publicKeys(AuthorizedKeysVerifier.files(u -> home(u).resolve(".ssh/authorized_keys"), crypto))
 *         .passwords(PasswordTable.of(Map.of("alice", "pw"), crypto)::matches)
 *         .build();
 * auth.decide(q.id(), policy.decide(q, clientAddress));
 * }</pre>
 */
public final class ServerAuthPolicy {
    /** Keyboard-interactive rounds: the first challenge, then a decision on each set of responses. */
    public interface KeyboardInteractive {
        Decision start(String user, String submethods);

        Decision responses(String user, List<String> responses);
    }

    /** RFC 4252 §9: may {@code clientUser} on {@code clientHost}, whose host key this is, log in as {@code user}? */
    @FunctionalInterface
    public interface HostBasedVerifier {
        Optional<Permissions> check(String user, org.sshwire.transport.keys.SshPublicKey hostKey, String clientHost,
                                    String clientUser, InetAddress client);
    }

    private final PublicKeyVerifier publicKeys;
    private final BiPredicate<String, String> passwords;
    private final KeyboardInteractive keyboardInteractive;
    private final HostBasedVerifier hostBased;

    private ServerAuthPolicy(Builder b) {
        publicKeys = b.publicKeys;
        passwords = b.passwords;
        hostBased = b.hostBased;
        keyboardInteractive = b.keyboardInteractive != null ? b.keyboardInteractive : passwordPrompt(b.passwords);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The decision for {@code q} from a client at {@code client} (null when unknown). */
    public Decision decide(ServerAuthEvent.Question q, InetAddress client) {
        if (q instanceof ServerAuthEvent.PublicKeyQuery k) {
            return publicKey(k.user(), k.key(), client);
        } else if (q instanceof ServerAuthEvent.PublicKeyVerified k) {
            return publicKey(k.user(), k.key(), client);
        } else if (q instanceof ServerAuthEvent.PasswordCheck p) {
            boolean ok = p.newPassword() == null && passwords != null && passwords.test(p.user(), p.password());
            return ok ? Decision.accept() : Decision.reject("wrong password");
        } else if (q instanceof ServerAuthEvent.KeyboardInteractiveStart s) {
            return keyboardInteractive == null ? Decision.reject() : keyboardInteractive.start(s.user(), s.submethods());
        } else if (q instanceof ServerAuthEvent.KeyboardInteractiveResponses r) {
            return keyboardInteractive == null ? Decision.reject() : keyboardInteractive.responses(r.user(), r.responses());
        } else if (q instanceof ServerAuthEvent.HostBasedVerified h) {
            return hostBased == null ? Decision.reject()
                    : hostBased.check(h.user(), h.hostKey(), h.clientHost(), h.clientUser(), client)
                            .<Decision>map(Decision.Accept::new).orElse(Decision.reject("host not trusted"));
        }
        return Decision.reject();
    }

    private Decision publicKey(String user, org.sshwire.transport.keys.SshPublicKey key, InetAddress client) {
        return publicKeys == null ? Decision.reject()
                : publicKeys.check(user, key, client).<Decision>map(Decision.Accept::new).orElse(Decision.reject("key not authorized"));
    }

    private static KeyboardInteractive passwordPrompt(BiPredicate<String, String> passwords) {
        if (passwords == null) {
            return null;
        }
        return new KeyboardInteractive() {
            @Override
            public Decision start(String user, String submethods) {
                return Decision.challenge("", "", List.of(new AuthMessage.Prompt("Password: ", false)));
            }

            @Override
            public Decision responses(String user, List<String> responses) {
                return responses.size() == 1 && passwords.test(user, responses.get(0)) ? Decision.accept()
                        : Decision.reject("wrong password");
            }
        };
    }

    public static final class Builder {
        private PublicKeyVerifier publicKeys;
        private BiPredicate<String, String> passwords;
        private KeyboardInteractive keyboardInteractive;
        private HostBasedVerifier hostBased;

        public Builder publicKeys(PublicKeyVerifier v) {
            publicKeys = v;
            return this;
        }

        public Builder passwords(BiPredicate<String, String> v) {
            passwords = v;
            return this;
        }

        public Builder keyboardInteractive(KeyboardInteractive v) {
            keyboardInteractive = v;
            return this;
        }

        public Builder hostBased(HostBasedVerifier v) {
            hostBased = v;
            return this;
        }

        public ServerAuthPolicy build() {
            return new ServerAuthPolicy(this);
        }
    }
}
