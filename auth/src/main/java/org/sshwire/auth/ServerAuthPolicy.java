package org.sshwire.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Answers a {@link ServerAuthenticator}'s questions from callbacks, the way Go's
 * {@code ServerConfig} does, for applications that do not want to handle each event. Run it off
 * the engine lock (it may read files), then pass the result to {@link ServerAuthenticator#decide}.
 * Keyboard-interactive defaults to one "Password:" prompt checked by the password callback.
 *
 * <p>Two forms of each callback: the simple ones (a user/password predicate, a
 * {@link PublicKeyVerifier}) and the full ones, which see the connection's
 * {@link ConnectionMetadata} and answer with any {@link Decision}: accept with
 * {@link Permissions} (a forced command, permitopen, ...), reject, or a
 * {@link Decision.PartialSuccess} that requires another method. Setting one form of a method
 * replaces the other. A callback that throws denies the attempt.
 *
 * <pre>{@code
 * ServerAuthPolicy policy = ServerAuthPolicy.builder()
 *         .publicKeys(AuthorizedKeysVerifier.files(u -> home(u).resolve(".ssh/authorized_keys"), crypto))
 *         .passwordCallback((conn, user, password) -> conn.remoteAddress().getAddress().isLoopbackAddress()
 *                 && table.matches(user, password)
 *                 ? Decision.accept(Permissions.DEFAULT.withCriticalOption(Permissions.FORCE_COMMAND, "backup"))
 *                 : Decision.reject())
 *         .build();
 * auth.decide(q.id(), policy.decide(metadata, q));
 * }</pre>
 */
public final class ServerAuthPolicy {
    /** Keyboard-interactive rounds: the first challenge, then a decision on each set of responses. */
    public interface KeyboardInteractive {
        Decision start(String user, String submethods);

        Decision responses(String user, List<String> responses);
    }

    /**
     * Keyboard-interactive rounds with the connection's metadata (RFC 4256): {@link #start} answers
     * with the first {@link Decision#challenge}, {@link #responses} with another challenge or a
     * final decision. State between rounds can live in {@link ConnectionMetadata#put}.
     */
    public interface KeyboardInteractiveCallback {
        Decision start(ConnectionMetadata conn, String user, String submethods);

        Decision responses(ConnectionMetadata conn, String user, List<String> responses);
    }

    /**
     * Is {@code password} right for {@code user} on this connection (Go's
     * {@code PasswordCallback})? Password change requests (RFC 4252 §8) never reach it: they are
     * refused. Answer {@link Decision.ChangePassword} for an expired password.
     */
    @FunctionalInterface
    public interface PasswordCallback {
        Decision check(ConnectionMetadata conn, String user, String password);
    }

    /**
     * May {@code key} (or certificate) log in as {@code user} on this connection (Go's
     * {@code PublicKeyCallback})? Also asked for queries, where an accept only sends PK_OK (RFC
     * 4252 §7), so it must not treat a call as a login: the same key is asked again once its
     * signature verified, and only {@link ServerAuthEvent.Authenticated#key()} names the key that
     * logged in.
     */
    @FunctionalInterface
    public interface PublicKeyCallback {
        Decision check(ConnectionMetadata conn, String user, SshPublicKey key);
    }

    /** RFC 4252 §9: may {@code clientUser} on {@code clientHost}, whose host key this is, log in as {@code user}? */
    @FunctionalInterface
    public interface HostBasedVerifier {
        Optional<Permissions> check(String user, SshPublicKey hostKey, String clientHost,
                                    String clientUser, InetAddress client);
    }

    private final PublicKeyCallback publicKeys;
    private final PasswordCallback passwords;
    private final KeyboardInteractiveCallback keyboardInteractive;
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

    /**
     * The decision for {@code q} from a client at {@code client} (null when unknown), for callers
     * that know only the address: callbacks see metadata with that address and nothing else.
     */
    public Decision decide(ServerAuthEvent.Question q, InetAddress client) {
        return decide(ConnectionMetadata.of(client == null ? null : new InetSocketAddress(client, 0), null, null), q);
    }

    /** The decision for {@code q} on the connection {@code conn} describes (the callbacks' argument order). */
    public Decision decide(ConnectionMetadata conn, ServerAuthEvent.Question q) {
        if (q instanceof ServerAuthEvent.PublicKeyQuery k) {
            return publicKeys == null ? Decision.reject() : publicKeys.check(conn, k.user(), k.key());
        } else if (q instanceof ServerAuthEvent.PublicKeyVerified k) {
            return publicKeys == null ? Decision.reject() : publicKeys.check(conn, k.user(), k.key());
        } else if (q instanceof ServerAuthEvent.PasswordCheck p) {
            return p.newPassword() != null || passwords == null ? Decision.reject("wrong password")
                    : passwords.check(conn, p.user(), p.password());
        } else if (q instanceof ServerAuthEvent.KeyboardInteractiveStart s) {
            return keyboardInteractive == null ? Decision.reject() : keyboardInteractive.start(conn, s.user(), s.submethods());
        } else if (q instanceof ServerAuthEvent.KeyboardInteractiveResponses r) {
            return keyboardInteractive == null ? Decision.reject() : keyboardInteractive.responses(conn, r.user(), r.responses());
        } else if (q instanceof ServerAuthEvent.HostBasedVerified h) {
            return hostBased == null ? Decision.reject()
                    : hostBased.check(h.user(), h.hostKey(), h.clientHost(), h.clientUser(), address(conn))
                            .<Decision>map(Decision.Accept::new).orElse(Decision.reject("host not trusted"));
        }
        return Decision.reject();
    }

    private static InetAddress address(ConnectionMetadata conn) {
        return conn == null || conn.remoteAddress() == null ? null : conn.remoteAddress().getAddress();
    }

    private static KeyboardInteractiveCallback passwordPrompt(PasswordCallback passwords) {
        if (passwords == null) {
            return null;
        }
        return new KeyboardInteractiveCallback() {
            @Override
            public Decision start(ConnectionMetadata conn, String user, String submethods) {
                return Decision.challenge("", "", List.of(new AuthMessage.Prompt("Password: ", false)));
            }

            @Override
            public Decision responses(ConnectionMetadata conn, String user, List<String> responses) {
                if (responses.size() != 1) {
                    return Decision.reject("wrong password");
                }
                Decision d = passwords.check(conn, user, responses.get(0));
                // keyboard-interactive has no password change: an expired password is refused here
                return d instanceof Decision.ChangePassword ? Decision.reject("password expired") : d;
            }
        };
    }

    public static final class Builder {
        private PublicKeyCallback publicKeys;
        private PasswordCallback passwords;
        private KeyboardInteractiveCallback keyboardInteractive;
        private HostBasedVerifier hostBased;

        /** Public keys by a verifier that sees only the client's address (replaces {@link #publicKeyCallback}). */
        public Builder publicKeys(PublicKeyVerifier v) {
            Objects.requireNonNull(v);
            publicKeys = (conn, user, key) -> v.check(user, key, address(conn)).<Decision>map(Decision.Accept::new)
                    .orElse(Decision.reject("key not authorized"));
            return this;
        }

        /** Public keys by a callback that sees the connection and answers with any decision (replaces {@link #publicKeys}). */
        public Builder publicKeyCallback(PublicKeyCallback v) {
            publicKeys = Objects.requireNonNull(v);
            return this;
        }

        /** Passwords by a user/password predicate; a match logs in with {@link Permissions#DEFAULT} (replaces {@link #passwordCallback}). */
        public Builder passwords(BiPredicate<String, String> v) {
            Objects.requireNonNull(v);
            passwords = (conn, user, password) -> v.test(user, password) ? Decision.accept() : Decision.reject("wrong password");
            return this;
        }

        /** Passwords by a callback that sees the connection and answers with any decision (replaces {@link #passwords}). */
        public Builder passwordCallback(PasswordCallback v) {
            passwords = Objects.requireNonNull(v);
            return this;
        }

        /** Keyboard-interactive rounds (replaces {@link #keyboardInteractiveCallback}); default: one password prompt. */
        public Builder keyboardInteractive(KeyboardInteractive v) {
            Objects.requireNonNull(v);
            keyboardInteractive = new KeyboardInteractiveCallback() {
                @Override
                public Decision start(ConnectionMetadata conn, String user, String submethods) {
                    return v.start(user, submethods);
                }

                @Override
                public Decision responses(ConnectionMetadata conn, String user, List<String> responses) {
                    return v.responses(user, responses);
                }
            };
            return this;
        }

        /** Keyboard-interactive rounds with the connection's metadata (replaces {@link #keyboardInteractive}). */
        public Builder keyboardInteractiveCallback(KeyboardInteractiveCallback v) {
            keyboardInteractive = Objects.requireNonNull(v);
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
