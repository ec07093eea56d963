package org.sshwire.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sshwire.auth.Identity;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.Ed25519PublicKey;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * Logs in upstream with a short-lived OpenSSH user certificate, as the bastions of Teleport,
 * Warpgate and Smallstep do: the bastion holds a user CA key that the upstream sshd trusts
 * ({@code TrustedUserCAKeys}), and for each login makes a fresh Ed25519 key in memory (never
 * written anywhere) and signs a certificate for it whose principal is the route's upstream user
 * and whose key id names the bastion user, the user's address and the bastion connection, so
 * the upstream sshd's log ({@code Accepted certificate ID "..."}) says who it really was.
 * The certificate is valid from a minute before the login (clocks differ) for
 * {@link #DEFAULT_VALIDITY} unless told otherwise, with the extensions {@code ssh-keygen} grants
 * by default and no critical options. sshd checks the window at authentication only, so a session
 * may outlive its certificate.
 *
 * <p>The certificate is offered first; the identities and agent that {@link Builder#andThen} adds
 * come after it, so a host that does not trust the CA can still be reached with them. That login
 * also sets the host-key verifier.
 *
 * <pre>{@code
 * SshKeyPair ca = KeyFiles.readPrivateKey(Files.readAllBytes(Path.of("/etc/bastion/user_ca")), null, crypto);
 * UpstreamLogin login = UpstreamCertificates.builder(ca)
 *         .validity(Duration.ofMinutes(5))
 *         .andThen((route, b, agent) -> b.hostKeyVerifier(HostKeyVerifier.knownHosts(knownHosts)))
 *         .build();
 * Relay relay = Relay.builder().router(Router.loginName()).upstreamLogin(login).build();
 * }</pre>
 */
public final class UpstreamCertificates implements UpstreamLogin {
    /** How long a certificate is valid after the login by default. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(5);
    /** The longest validity accepted: these certificates are for one login, not for keeping. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(1);
    /** How far before the login a certificate is valid from, for upstream clocks behind the bastion's. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final SshKeyPair ca;
    private final SignatureAlgorithm caAlgorithm;
    private final Duration validity;
    private final UpstreamLogin next;
    private final CryptoBackend crypto;

    private UpstreamCertificates(Builder b) {
        this.ca = b.ca;
        this.caAlgorithm = b.caAlgorithm;
        this.validity = b.validity;
        this.next = b.next;
        this.crypto = b.crypto;
    }

    /**
     * A login signing with the user CA key {@code ca} (Ed25519, ECDSA or RSA; an RSA CA signs
     * with rsa-sha2-512, as {@code ssh-keygen -s} does).
     *
     * @throws IllegalArgumentException if {@code ca} cannot sign certificates
     */
    public static Builder builder(SshKeyPair ca) {
        return new Builder(ca);
    }

    /** Without the bastion connection's details: the key id names the route only. */
    @Override
    public void configure(Route route, SshClient.Builder builder, Optional<AgentClient> forwardedAgent) throws IOException {
        configure(new Attempt("", "", null, route, forwardedAgent), builder);
    }

    @Override
    public Optional<SshCertificate> configure(Attempt attempt, SshClient.Builder builder) throws IOException {
        SshKeyPair key = SshKeyPair.generate(Ed25519PublicKey.TYPE, 0, crypto);
        Instant now = Instant.now();
        SshCertificate cert = new CertificateBuilder(key.publicKey(), SshCertificate.CertType.USER)
                .serial(serial())
                .keyId(keyId(attempt))
                .principals(List.of(attempt.route().user()))
                .validity(now.minus(BACKDATE), now.plus(validity))
                .defaultUserExtensions()
                .sign(ca, caAlgorithm, crypto);
        builder.identity(Identity.withCertificate(cert, key, crypto));
        next.configure(attempt, builder);
        return Optional.of(cert);
    }

    /** A random serial, never 0, so that each certificate can be told apart in sshd's log and a KRL. */
    private long serial() {
        long s;
        do {
            s = crypto.random().nextLong() & Long.MAX_VALUE;
        } while (s == 0);
        return s;
    }

    /**
     * {@code sshwire-proxy user=alice client=192.0.2.7:53422 connection=20261207T190752Z-4242-7 route=root@db1:22}:
     * the parts known, each value without spaces or control characters (sshd logs the key id as is
     * within quotes, so a user name cannot forge another field).
     */
    static String keyId(Attempt a) {
        StringBuilder id = new StringBuilder("sshwire-proxy");
        if (!a.login().isEmpty()) {
            id.append(" user=").append(clean(AccessPolicy.bastionUser(a.login())));
        }
        InetSocketAddress c = a.client();
        if (c != null) {
            String host = c.getAddress() != null ? c.getAddress().getHostAddress() : c.getHostString();
            id.append(" client=").append(host.contains(":") ? "[" + host + "]" : host).append(':').append(c.getPort());
        }
        if (!a.connection().isEmpty()) {
            id.append(" connection=").append(clean(a.connection()));
        }
        return id.append(" route=").append(clean(a.route().toString())).toString();
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(cp <= 0x20 || cp == 0x7f || cp == '"' || Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }

    /** Options of an {@link UpstreamCertificates} login. */
    public static final class Builder {
        private final SshKeyPair ca;
        private final SignatureAlgorithm caAlgorithm;
        private Duration validity = DEFAULT_VALIDITY;
        private UpstreamLogin next = (route, b, agent) -> { };
        private CryptoBackend crypto = CryptoBackend.defaultBackend();

        private Builder(SshKeyPair ca) {
            this.ca = Objects.requireNonNull(ca, "ca");
            String type = ca.publicKey().keyType();
            // ssh-keygen -s signs with rsa-sha2-512 for an RSA CA (ssh-keygen.c, sshkey_check_cert_sigtype).
            List<SignatureAlgorithm> algs = SignatureAlgorithm.forKeyType(type);
            if (algs.isEmpty() || type.startsWith("sk-")) {
                throw new IllegalArgumentException("a " + type + " key cannot sign certificates here");
            }
            this.caAlgorithm = type.equals("ssh-rsa") ? SignatureAlgorithm.RSA_SHA2_512 : algs.get(0);
        }

        /**
         * How long after the login the certificate stays valid (default 5 minutes; it is also
         * valid from a minute before).
         *
         * @throws IllegalArgumentException unless 1 second to {@link #MAX_VALIDITY}
         */
        public Builder validity(Duration d) {
            if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_VALIDITY) > 0) {
                throw new IllegalArgumentException("certificate validity " + d.toSeconds() + "s is not 1s..24h");
            }
            validity = d;
            return this;
        }

        /**
         * What else the login does, after the certificate: the host-key verifier (required by
         * {@link SshClient}), identities and the user's agent, offered after the certificate.
         */
        public Builder andThen(UpstreamLogin login) {
            next = Objects.requireNonNull(login);
            return this;
        }

        public Builder crypto(CryptoBackend c) {
            crypto = Objects.requireNonNull(c);
            return this;
        }

        public UpstreamCertificates build() {
            return new UpstreamCertificates(this);
        }
    }
}
