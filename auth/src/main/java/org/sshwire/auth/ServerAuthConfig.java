package org.sshwire.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;

/**
 * Settings of a {@link ServerAuthenticator}, with OpenSSH's defaults: MaxAuthTries 6,
 * LoginGraceTime 120 s, methods publickey, keyboard-interactive and password, each sufficient on
 * its own.
 *
 * <pre>{@code
 * ServerAuthConfig cfg = ServerAuthConfig.builder()
 *         .methods(List.of("publickey", "password"))
 *         .requiredMethods(user -> user.equals("admin")
 *                 ? List.of(List.of("publickey", "password"))        // both, key first
 *                 : List.of(List.of("publickey"), List.of("password")))
 *         .banner("Authorised use only\n")
 *         .build();
 * }</pre>
 */
public final class ServerAuthConfig {
    final List<String> methods;
    final Function<String, List<List<String>>> requiredMethods;
    final Set<String> services;
    final int maxAuthTries;
    final int maxRequests;
    final long graceNanos;
    final String banner;
    final boolean allowLegacyRsa;
    final int maxQueued;
    final CryptoBackend crypto;
    final Set<String> publicKeyAlgorithms;
    final List<String> caSignatureAlgorithms;
    final boolean touchRequired;
    final boolean verifyRequired;

    private ServerAuthConfig(Builder b) {
        methods = List.copyOf(b.methods);
        List<String> m = methods;
        requiredMethods = b.requiredMethods != null ? b.requiredMethods
                : user -> m.stream().map(List::of).toList();
        services = Set.copyOf(b.services);
        maxAuthTries = b.maxAuthTries;
        maxRequests = b.maxRequests;
        graceNanos = b.grace.toNanos();
        banner = b.banner;
        allowLegacyRsa = b.allowLegacyRsa;
        maxQueued = b.maxQueued;
        crypto = b.crypto;
        publicKeyAlgorithms = b.publicKeyAlgorithms;
        caSignatureAlgorithms = List.copyOf(b.caSignatureAlgorithms);
        touchRequired = b.touchRequired;
        verifyRequired = b.verifyRequired;
    }

    /** CASignatureAlgorithms: the algorithms a CA may have signed a user or host certificate with. */
    public List<String> caSignatureAlgorithms() {
        return caSignatureAlgorithms;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** LoginGraceTime; {@link Duration#ZERO} when there is no limit. */
    public Duration graceTime() {
        return Duration.ofNanos(Math.max(0, graceNanos));
    }

    /** MaxAuthTries. */
    public int maxAuthTries() {
        return maxAuthTries;
    }

    /** The method chains for {@code user}; each chain must be completed in order. */
    List<List<String>> chainsFor(String user) {
        List<List<String>> chains = requiredMethods.apply(user);
        List<List<String>> out = new ArrayList<>();
        for (List<String> c : chains == null ? List.<List<String>>of() : chains) {
            if (!c.isEmpty()) {
                out.add(List.copyOf(c));
            }
        }
        return out;
    }

    public static final class Builder {
        private List<String> methods = List.of(AuthMethod.PUBLICKEY, AuthMethod.KEYBOARD_INTERACTIVE, AuthMethod.PASSWORD);
        private Function<String, List<List<String>>> requiredMethods;
        private Set<String> services = Set.of("ssh-connection");
        private int maxAuthTries = 6;
        private int maxRequests = 64;
        private Duration grace = Duration.ofSeconds(120);
        private String banner;
        private boolean allowLegacyRsa;
        private int maxQueued = 16;
        private CryptoBackend crypto = CryptoBackend.defaultBackend();
        private Set<String> publicKeyAlgorithms;
        private List<String> caSignatureAlgorithms = CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS;
        private boolean touchRequired;
        private boolean verifyRequired;

        private Builder() {
        }

        /** Methods on offer, by wire name ("none" makes a login without credentials possible). */
        public Builder methods(List<String> v) {
            methods = List.copyOf(v);
            return this;
        }

        /**
         * Per-user alternatives, like OpenSSH's AuthenticationMethods: the user is in after
         * completing any one chain, in order; each completed step short of that answers FAILURE
         * with partial success. Default: any one of {@link #methods}.
         */
        public Builder requiredMethods(Function<String, List<List<String>>> v) {
            requiredMethods = Objects.requireNonNull(v);
            return this;
        }

        /** Services a USERAUTH_REQUEST may name; others end the connection with SERVICE_NOT_AVAILABLE. */
        public Builder services(Set<String> v) {
            services = Set.copyOf(v);
            return this;
        }

        /**
         * OpenSSH MaxAuthTries (default 6): the failed attempt that reaches this count disconnects.
         * Counted as sshd counts (auth2.c): every rejected method, publickey queries for keys that
         * would not do included, except a first "none" request and partial successes.
         */
        public Builder maxAuthTries(int v) {
            maxAuthTries = v;
            return this;
        }

        /** All authentication requests and keyboard-interactive responses allowed per connection (default 64). */
        public Builder maxRequests(int v) {
            maxRequests = v;
            return this;
        }

        /**
         * OpenSSH LoginGraceTime (default 120 s; zero: no limit). An {@code SshServerEngine}
         * counts it from the connection's start (the accept), through identification, key
         * exchange and authentication, and then closes the connection without a word, as sshd
         * does; a lone {@link ServerAuthenticator} counts it from its first deadline call.
         */
        public Builder graceTime(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("negative grace time " + v);
            }
            grace = v;
            return this;
        }

        /** Text sent as SSH_MSG_USERAUTH_BANNER before the first reply (RFC 4252 §5.4), or null. */
        public Builder banner(String v) {
            banner = v;
            return this;
        }

        /** Accept user signatures made with legacy {@code ssh-rsa} (SHA-1); off as in OpenSSH 8.8+. */
        public Builder allowLegacyRsa(boolean v) {
            allowLegacyRsa = v;
            return this;
        }

        /** Messages held while the application decides (pipelining clients); more is a protocol error. */
        public Builder maxQueued(int v) {
            maxQueued = v;
            return this;
        }

        public Builder crypto(CryptoBackend v) {
            crypto = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Signature algorithms accepted for publickey and hostbased logins (OpenSSH
         * PubkeyAcceptedAlgorithms), certificate algorithms included by name; null (the default)
         * accepts every algorithm we implement except legacy ssh-rsa.
         */
        public Builder publicKeyAlgorithms(java.util.Collection<String> v) {
            publicKeyAlgorithms = v == null ? null : Set.copyOf(v);
            return this;
        }

        /**
         * sshd's {@code CASignatureAlgorithms}: a publickey or hostbased login with a certificate
         * whose CA signed it with another algorithm is refused before any verifier is asked
         * (auth2-pubkey.c, auth2-hostbased.c). The default is OpenSSH's, without {@code ssh-rsa};
         * add {@code ssh-rsa} to accept SHA-1 CA signatures. The {@link CertChecker} of a
         * {@link CertificateAuthorityVerifier}, and {@link AuthorizedKeysVerifier#caSignatureAlgorithms},
         * check the same list on their own: widen both.
         */
        public Builder caSignatureAlgorithms(java.util.Collection<String> v) {
            caSignatureAlgorithms = List.copyOf(v);
            return this;
        }

        /**
         * sshd's {@code PubkeyAuthOptions}: {@code touchRequired} demands the user-presence flag of
         * every security-key (FIDO) signature even where {@code no-touch-required} allows it
         * ({@code touch-required}); {@code verifyRequired} demands user verification
         * ({@code verify-required}). Without either, user presence is still required unless the
         * key's authorized_keys line or certificate says {@code no-touch-required}, as sshd does.
         */
        public Builder pubkeyAuthOptions(boolean touchRequired, boolean verifyRequired) {
            this.touchRequired = touchRequired;
            this.verifyRequired = verifyRequired;
            return this;
        }

        public ServerAuthConfig build() {
            return new ServerAuthConfig(this);
        }
    }
}
