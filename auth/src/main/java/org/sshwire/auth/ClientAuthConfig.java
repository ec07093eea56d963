package org.sshwire.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * Settings of a {@link ClientAuthenticator}: who logs in, with what, in which order.
 *
 * <pre>{@code
 * ClientAuthConfig cfg = ClientAuthConfig.builder("alice")
 *         .identity(Identity.fromFile(Path.of("id_ed25519"), null, crypto))
 *         .password("secret")                       // or answer PasswordNeeded events
 *         .methods(List.of("publickey", "password"))
 *         .build();
 * }</pre>
 */
public final class ClientAuthConfig {
    final String user;
    final String service;
    final List<String> methods;
    final List<Identity> identities;
    final String password;
    final int passwordAttempts;
    final int keyboardInteractiveAttempts;
    /** Null: query only for identities that do not sign silently ({@link Identity#signsSilently}). */
    final Boolean queryFirst;
    final boolean refuseTrivialSuccess;
    final boolean allowLegacyRsa;
    final java.util.Set<String> publicKeyAlgorithms;
    final Identity hostKey;
    final String clientHost;
    final String clientUser;
    final CryptoBackend crypto;

    private ClientAuthConfig(Builder b) {
        user = b.user;
        service = b.service;
        methods = List.copyOf(b.methods);
        identities = List.copyOf(b.identities);
        password = b.password;
        passwordAttempts = b.passwordAttempts;
        keyboardInteractiveAttempts = b.keyboardInteractiveAttempts;
        queryFirst = b.queryFirst;
        refuseTrivialSuccess = b.refuseTrivialSuccess;
        allowLegacyRsa = b.allowLegacyRsa;
        publicKeyAlgorithms = b.publicKeyAlgorithms;
        hostKey = b.hostKey;
        clientHost = b.clientHost;
        clientUser = b.clientUser;
        crypto = b.crypto;
    }

    public static Builder builder(String user) {
        return new Builder(user);
    }

    public static final class Builder {
        private final String user;
        private String service = "ssh-connection";
        private List<String> methods = List.of(AuthMethod.PUBLICKEY, AuthMethod.KEYBOARD_INTERACTIVE, AuthMethod.PASSWORD);
        private final List<Identity> identities = new ArrayList<>();
        private String password;
        private int passwordAttempts = 3;
        private int keyboardInteractiveAttempts = 2;
        private Boolean queryFirst;
        private boolean refuseTrivialSuccess;
        private boolean allowLegacyRsa;
        private java.util.Set<String> publicKeyAlgorithms;
        private Identity hostKey;
        private String clientHost;
        private String clientUser;
        private CryptoBackend crypto = CryptoBackend.defaultBackend();

        private Builder(String user) {
            this.user = Objects.requireNonNull(user);
        }

        public Builder service(String v) {
            service = Objects.requireNonNull(v);
            return this;
        }

        /** Methods in order of preference; each is tried only while the server lists it as able to continue. */
        public Builder methods(List<String> v) {
            methods = List.copyOf(v);
            return this;
        }

        /** Adds a key to try, in order. */
        public Builder identity(Identity v) {
            identities.add(Objects.requireNonNull(v));
            return this;
        }

        /**
         * The password, sent without asking; without it, a {@link ClientAuthEvent.PasswordNeeded} asks.
         * It also answers, once, a keyboard-interactive round whose only prompt is hidden and asks
         * for a password (PAM's {@code "Password: "}, as sshd with {@code UsePAM yes} sends it);
         * other rounds are {@link ClientAuthEvent.InfoRequested} events.
         */
        public Builder password(String v) {
            password = v;
            return this;
        }

        public Builder passwordAttempts(int v) {
            passwordAttempts = v;
            return this;
        }

        public Builder keyboardInteractiveAttempts(int v) {
            keyboardInteractiveAttempts = v;
            return this;
        }

        /**
         * Whether to ask if a key is acceptable before signing with it (RFC 4252 §7): true always,
         * as OpenSSH does; false never. By default it asks for keys whose signature may involve the
         * user or another program (an agent, a security key, a {@link Identity.Signer} of your
         * own) and signs straight away with key pairs in memory, one round trip fewer per login;
         * a signature tells the server no more than the query's public key does, bound to this
         * session.
         */
        public Builder queryFirst(boolean v) {
            queryFirst = v;
            return this;
        }

        /**
         * Refuse a USERAUTH_SUCCESS that came before any credential was proved — after "none" or
         * a keyboard-interactive exchange without prompts — as PuTTY can (a rogue server letting
         * anyone in to capture what the user types next).
         */
        public Builder refuseTrivialSuccess(boolean v) {
            refuseTrivialSuccess = v;
            return this;
        }

        /** Sign with legacy {@code ssh-rsa} (SHA-1) when the server offers nothing better. Off by default. */
        public Builder allowLegacyRsa(boolean v) {
            allowLegacyRsa = v;
            return this;
        }

        /**
         * The signature algorithms user and host-based keys may sign with (OpenSSH
         * PubkeyAcceptedAlgorithms, certificate algorithms by name); null (the default) means
         * every algorithm we implement except legacy ssh-rsa. Naming {@code ssh-rsa} here enables
         * it, as {@code -o PubkeyAcceptedAlgorithms=+ssh-rsa} does in OpenSSH.
         */
        public Builder publicKeyAlgorithms(java.util.Collection<String> v) {
            publicKeyAlgorithms = v == null ? null : java.util.Set.copyOf(v);
            return this;
        }

        /** RFC 4252 §9 hostbased: this host's key, name and the local user name. */
        public Builder hostBased(Identity hostKey, String clientHost, String clientUser) {
            this.hostKey = Objects.requireNonNull(hostKey);
            this.clientHost = Objects.requireNonNull(clientHost);
            this.clientUser = Objects.requireNonNull(clientUser);
            return this;
        }

        public Builder crypto(CryptoBackend v) {
            crypto = Objects.requireNonNull(v);
            return this;
        }

        public ClientAuthConfig build() {
            return new ClientAuthConfig(this);
        }
    }
}
