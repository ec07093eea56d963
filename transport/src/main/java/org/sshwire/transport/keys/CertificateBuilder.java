package org.sshwire.transport.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * Issues OpenSSH certificates (PROTOCOL.certkeys), as {@code ssh-keygen -s} does: a CA key signs
 * a user or host key together with its principals, validity window, options and extensions.
 *
 * <pre>{@code
 * SshCertificate cert = new CertificateBuilder(hostKey.publicKey(), SshCertificate.CertType.HOST)
 *         .keyId("web1").principals(List.of("web1.example.org"))
 *         .validity(Instant.now(), Instant.now().plus(Duration.ofDays(30)))
 *         .sign(ca, SignatureAlgorithm.SSH_ED25519, crypto);
 * }</pre>
 */
public final class CertificateBuilder {
    private final SshPublicKey key;
    private final SshCertificate.CertType type;
    private long serial;
    private String keyId = "";
    private List<String> principals = List.of();
    private long validAfter;
    private long validBefore = SshCertificate.FOREVER;
    private final List<SshCertificate.CertOption> criticalOptions = new ArrayList<>();
    private final List<SshCertificate.CertOption> extensions = new ArrayList<>();

    public CertificateBuilder(SshPublicKey key, SshCertificate.CertType type) {
        if (key instanceof SshCertificate) {
            throw new IllegalArgumentException("cannot certify a certificate");
        }
        this.key = Objects.requireNonNull(key);
        this.type = Objects.requireNonNull(type);
    }

    public CertificateBuilder serial(long v) {
        serial = v;
        return this;
    }

    public CertificateBuilder keyId(String v) {
        keyId = Objects.requireNonNull(v);
        return this;
    }

    /** An empty list means "any principal" (PROTOCOL.certkeys). */
    public CertificateBuilder principals(List<String> v) {
        principals = List.copyOf(v);
        return this;
    }

    /** Null bounds mean "from the beginning" and "forever". */
    public CertificateBuilder validity(Instant after, Instant before) {
        validAfter = after == null ? 0 : after.getEpochSecond();
        validBefore = before == null ? SshCertificate.FOREVER : before.getEpochSecond();
        return this;
    }

    /** A critical option whose data is one string, such as {@code force-command} or {@code source-address}. */
    public CertificateBuilder criticalOption(String name, String value) {
        criticalOptions.add(new SshCertificate.CertOption(name, new SshWriter().writeUtf8(value).toBytes()));
        return this;
    }

    /** A flag extension such as {@code permit-pty}. */
    public CertificateBuilder extension(String name) {
        extensions.add(new SshCertificate.CertOption(name, Bytes.EMPTY));
        return this;
    }

    /** The extensions {@code ssh-keygen} grants user certificates by default. */
    public CertificateBuilder defaultUserExtensions() {
        for (String e : List.of("permit-X11-forwarding", "permit-agent-forwarding", "permit-port-forwarding",
                "permit-pty", "permit-user-rc")) {
            extension(e);
        }
        return this;
    }

    /** Signs with {@code ca} using {@code alg} (a plain algorithm of the CA key's type). */
    public SshCertificate sign(SshKeyPair ca, SignatureAlgorithm alg, CryptoBackend crypto) {
        SshWriter w = new SshWriter(1024);
        w.writeUtf8(key.keyType() + SshCertificate.SUFFIX);
        byte[] nonce = new byte[32];
        crypto.random().nextBytes(nonce);
        w.writeString(nonce);
        // The key's own fields: its public blob without the leading key type string.
        SshReader keyFields = new SshReader(key.blob());
        keyFields.skipString();
        w.writeRaw(keyFields.readRest());
        w.writeUint64(serial);
        w.writeUint32(type == SshCertificate.CertType.USER ? 1 : 2);
        w.writeUtf8(keyId);
        SshWriter p = new SshWriter();
        for (String principal : principals) {
            p.writeUtf8(principal);
        }
        w.writeString(p.toBytes());
        w.writeUint64(validAfter);
        w.writeUint64(validBefore);
        w.writeString(options(criticalOptions));
        w.writeString(options(extensions));
        w.writeString(Bytes.EMPTY); // reserved
        w.writeString(ca.publicKey().blob());
        byte[] signed = w.toByteArray();
        w.writeString(ca.sign(alg, signed, crypto));
        return SshCertificate.parse(w.toBytes());
    }

    /** PROTOCOL.certkeys: options sorted by name, data wrapped in a string. */
    private static Bytes options(List<SshCertificate.CertOption> options) {
        SshWriter w = new SshWriter();
        options.stream().sorted(Comparator.comparing(SshCertificate.CertOption::name)).forEach(o -> {
            w.writeUtf8(o.name());
            w.writeString(o.data());
        });
        return w.toBytes();
    }
}
