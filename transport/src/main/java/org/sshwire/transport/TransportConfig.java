package org.sshwire.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.CompressionAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.internal.VersionExchange;

/**
 * Everything a {@link TransportEngine} is configured with. Defaults follow OpenSSH 9.x where it is
 * sound (DESIGN §6): no legacy algorithm is offered unless named explicitly.
 *
 * <pre>{@code
 * TransportConfig server = TransportConfig.server(List.of(hostKey))
 *         .ciphers(List.of("aes256-gcm@openssh.com"))
 *         .build();
 * }</pre>
 */
public final class TransportConfig {
    public static final String DEFAULT_IDENTIFICATION = "SSH-2.0-sshwire_0.2";

    public static final List<String> DEFAULT_KEX = List.of("mlkem768x25519-sha256", "sntrup761x25519-sha512",
            "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
            "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256");
    public static final List<String> DEFAULT_HOST_KEY_ALGORITHMS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");
    /** OpenSSH's client order: certificate algorithms first, then plain keys. */
    public static final List<String> DEFAULT_CLIENT_HOST_KEY_ALGORITHMS = List.of(
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "rsa-sha2-512", "rsa-sha2-256");
    public static final List<String> DEFAULT_CIPHERS = List.of("chacha20-poly1305@openssh.com", "aes128-ctr",
            "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
    public static final List<String> DEFAULT_MACS = List.of("hmac-sha2-256-etm@openssh.com",
            "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512");
    /** No compression unless asked for (ssh_config Compression no). */
    public static final List<String> DEFAULT_COMPRESSION = List.of("none");
    /** What OpenSSH's client offers with {@code -C} / {@code Compression yes}. */
    public static final List<String> CLIENT_COMPRESSION_YES = List.of("zlib@openssh.com", "zlib", "none");
    /** What sshd offers with {@code Compression yes} (its default; {@code delayed} is a synonym): after authentication only. */
    public static final List<String> SERVER_COMPRESSION_YES = List.of("none", "zlib@openssh.com");

    final boolean client;
    final String identification;
    final CryptoBackend crypto;
    final List<String> kexAlgorithms;
    final List<String> hostKeyAlgorithms;
    final List<String> ciphers;
    final List<String> macs;
    final List<String> compression;
    final List<SshKeyPair> hostKeys;
    final boolean strictKex;
    final boolean extInfo;
    final List<String> serverSigAlgs;
    final int maxPacketLength;
    final RekeyPolicy rekey;
    final int gexPreferredBits;
    final Set<String> services;
    final List<PacketObserver> observers;
    final List<PayloadInterceptor> interceptors;
    final int maxQueuedBytes;
    final KeyLog keyLog;

    /** {@code c} with all randomness from {@code crypto} (a research connection's recorded or seeded source). */
    private TransportConfig(TransportConfig c, CryptoBackend crypto) {
        client = c.client;
        identification = c.identification;
        kexAlgorithms = c.kexAlgorithms;
        hostKeyAlgorithms = c.hostKeyAlgorithms;
        ciphers = c.ciphers;
        macs = c.macs;
        compression = c.compression;
        hostKeys = c.hostKeys;
        strictKex = c.strictKex;
        extInfo = c.extInfo;
        serverSigAlgs = c.serverSigAlgs;
        maxPacketLength = c.maxPacketLength;
        rekey = c.rekey;
        gexPreferredBits = c.gexPreferredBits;
        services = c.services;
        observers = c.observers;
        interceptors = c.interceptors;
        maxQueuedBytes = c.maxQueuedBytes;
        keyLog = c.keyLog;
        this.crypto = crypto;
    }

    TransportConfig withRandom(java.security.SecureRandom random) {
        return new TransportConfig(this, crypto.withRandom(random));
    }

    private TransportConfig(Builder b) {
        client = b.client;
        identification = b.identification;
        crypto = b.crypto;
        kexAlgorithms = List.copyOf(b.kexAlgorithms);
        hostKeys = List.copyOf(b.hostKeys);
        hostKeyAlgorithms = List.copyOf(b.hostKeyAlgorithms != null ? b.hostKeyAlgorithms
                : client ? DEFAULT_CLIENT_HOST_KEY_ALGORITHMS : algorithmsFor(hostKeys));
        ciphers = List.copyOf(b.ciphers);
        macs = List.copyOf(b.macs);
        compression = List.copyOf(b.compression);
        strictKex = b.strictKex;
        extInfo = b.extInfo;
        serverSigAlgs = b.serverSigAlgs;
        maxPacketLength = b.maxPacketLength;
        rekey = b.rekey;
        gexPreferredBits = b.gexPreferredBits;
        services = Set.copyOf(b.services);
        observers = List.copyOf(b.observers);
        interceptors = List.copyOf(b.interceptors);
        maxQueuedBytes = b.maxQueuedBytes;
        keyLog = b.keyLog;
        VersionExchange.encode(identification); // validates
        for (String k : kexAlgorithms) {
            require(KexAlgorithm.byName(k) != null, "key exchange", k);
        }
        for (String h : hostKeyAlgorithms) {
            require(SignatureAlgorithm.byName(h) != null, "host key algorithm", h);
        }
        for (String c : ciphers) {
            require(CipherAlgorithm.byName(c) != null, "cipher", c);
        }
        for (String m : macs) {
            require(MacAlgorithm.byName(m) != null, "MAC", m);
        }
        for (String z : compression) {
            require(CompressionAlgorithm.byName(z) != null, "compression method", z);
        }
        if (!client && hostKeys.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one host key");
        }
    }

    private static void require(boolean ok, String what, String name) {
        if (!ok) {
            throw new IllegalArgumentException("unsupported " + what + ": " + name);
        }
    }

    /**
     * The signature algorithms a server can offer with these keys, in the default preference
     * order: certificate algorithms for keys that carry a certificate, then plain ones.
     */
    static List<String> algorithmsFor(List<SshKeyPair> keys) {
        List<String> out = new ArrayList<>();
        for (String alg : DEFAULT_CLIENT_HOST_KEY_ALGORITHMS) {
            if (hostKeyFor(keys, SignatureAlgorithm.byName(alg)) != null) {
                out.add(alg);
            }
        }
        return out;
    }

    /** The host key that signs with {@code algorithm}, or null. */
    SshKeyPair hostKeyFor(SignatureAlgorithm algorithm) {
        return hostKeyFor(hostKeys, algorithm);
    }

    private static SshKeyPair hostKeyFor(List<SshKeyPair> keys, SignatureAlgorithm algorithm) {
        for (SshKeyPair k : keys) {
            boolean match = algorithm.isCertificate()
                    ? k.certificate().map(c -> c.keyType().equals(algorithm.keyType())).orElse(false)
                    : k.publicKey().keyType().equals(algorithm.keyType());
            if (match) {
                return k;
            }
        }
        return null;
    }

    public boolean isClient() {
        return client;
    }

    public CryptoBackend crypto() {
        return crypto;
    }

    public static Builder client() {
        return new Builder(true);
    }

    public static Builder server(List<SshKeyPair> hostKeys) {
        Builder b = new Builder(false);
        b.hostKeys = List.copyOf(hostKeys);
        return b;
    }

    /** Builder with OpenSSH-like defaults; every list takes wire names. */
    public static final class Builder {
        private final boolean client;
        private String identification = DEFAULT_IDENTIFICATION;
        private CryptoBackend crypto = CryptoBackend.defaultBackend();
        private List<String> kexAlgorithms = DEFAULT_KEX;
        private List<String> hostKeyAlgorithms;
        private List<String> ciphers = DEFAULT_CIPHERS;
        private List<String> macs = DEFAULT_MACS;
        private List<String> compression = DEFAULT_COMPRESSION;
        private List<SshKeyPair> hostKeys = List.of();
        private boolean strictKex = true;
        private boolean extInfo = true;
        private List<String> serverSigAlgs = TransportEngine.SERVER_SIG_ALGS;
        private int maxPacketLength = PacketDeframer.DEFAULT_MAX_PACKET_LENGTH;
        private RekeyPolicy rekey = RekeyPolicy.DEFAULT;
        private int gexPreferredBits = 3072;
        private Set<String> services = Set.of("ssh-userauth");
        private final List<PacketObserver> observers = new ArrayList<>();
        private final List<PayloadInterceptor> interceptors = new ArrayList<>();
        private int maxQueuedBytes = 4 * 1024 * 1024;
        private KeyLog keyLog;

        private Builder(boolean client) {
            this.client = client;
        }

        public Builder identification(String v) {
            identification = Objects.requireNonNull(v);
            return this;
        }

        public Builder crypto(CryptoBackend v) {
            crypto = Objects.requireNonNull(v);
            return this;
        }

        public Builder kexAlgorithms(List<String> v) {
            kexAlgorithms = List.copyOf(v);
            return this;
        }

        public Builder hostKeyAlgorithms(List<String> v) {
            hostKeyAlgorithms = List.copyOf(v);
            return this;
        }

        public Builder ciphers(List<String> v) {
            ciphers = List.copyOf(v);
            return this;
        }

        public Builder macs(List<String> v) {
            macs = List.copyOf(v);
            return this;
        }

        /**
         * Compression methods offered in both directions, in order of preference (RFC 4253 §6.2):
         * {@code none}, {@code zlib@openssh.com} (after authentication) and {@code zlib}. Default
         * {@code none} only, as OpenSSH's client; OpenSSH's client with {@code -C} offers
         * {@code zlib@openssh.com,zlib,none}, its server {@code none,zlib@openssh.com}.
         */
        public Builder compression(List<String> v) {
            compression = List.copyOf(v);
            return this;
        }

        /** Research: strict kex (Terrapin countermeasure) is offered unless turned off here. */
        public Builder strictKex(boolean v) {
            strictKex = v;
            return this;
        }

        public Builder extInfo(boolean v) {
            extInfo = v;
            return this;
        }

        /**
         * Server: the signature algorithms announced in EXT_INFO {@code server-sig-algs}
         * (RFC 8308 §3.1); keep it equal to what user authentication accepts.
         */
        public Builder serverSigAlgs(List<String> v) {
            serverSigAlgs = List.copyOf(v);
            return this;
        }

        public Builder maxPacketLength(int v) {
            maxPacketLength = v;
            return this;
        }

        public Builder rekey(RekeyPolicy v) {
            rekey = Objects.requireNonNull(v);
            return this;
        }

        /** Client, group exchange: the prime size to ask for (RFC 4419), 2048..8192. */
        public Builder gexPreferredBits(int v) {
            gexPreferredBits = v;
            return this;
        }

        /** Server: the services a client may request (default {@code ssh-userauth}). */
        public Builder services(Set<String> v) {
            services = Set.copyOf(v);
            return this;
        }

        public Builder observer(PacketObserver v) {
            observers.add(Objects.requireNonNull(v));
            return this;
        }

        public Builder interceptor(PayloadInterceptor v) {
            interceptors.add(Objects.requireNonNull(v));
            return this;
        }

        /** Bound on payload bytes queued while a key exchange is in progress. */
        public Builder maxQueuedBytes(int v) {
            maxQueuedBytes = v;
            return this;
        }

        /** Research: log each key exchange's secret for Wireshark (see {@link KeyLog}); off by default. */
        public Builder keyLog(KeyLog v) {
            keyLog = Objects.requireNonNull(v);
            return this;
        }

        public TransportConfig build() {
            return new TransportConfig(this);
        }
    }
}
