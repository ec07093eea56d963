package org.sshwire.auth.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/**
 * An OpenSSH Key Revocation List (PROTOCOL.krl), as {@code ssh-keygen -k} writes it and sshd's
 * {@code RevokedKeys} reads it: certificates revoked by serial number (single, range or bitmap)
 * or key id under a CA (or under any CA), keys revoked explicitly, and keys revoked by SHA-1 or
 * SHA-256 fingerprint. Immutable; {@link #parse} reads one, {@link Builder} makes one.
 *
 * <pre>{@code
 * Krl krl = Krl.parse(Files.readAllBytes(Path.of("/etc/ssh/revoked.krl")));
 * boolean refused = krl.isRevoked(key);
 * byte[] out = Krl.builder().revokeKey(key).revokeSerials(ca, 1, 10).build().encode(Instant.now());
 * }</pre>
 */
public final class Krl {
    /** The certificates one CA (or, with an empty CA blob, any CA) revoked. */
    record CaSection(Bytes caBlob, List<long[]> serialRanges, Set<String> keyIds) {
    }

    final long version;
    final long generatedDate;
    final String comment;
    /** Keyed by the CA's plain public-key blob; {@link Bytes#EMPTY} is the wildcard CA. */
    final Map<Bytes, CaSection> certificates;
    final Set<Bytes> explicitKeys;
    final Set<Bytes> sha1;
    final Set<Bytes> sha256;

    Krl(long version, long generatedDate, String comment, Map<Bytes, CaSection> certificates, Set<Bytes> explicitKeys,
        Set<Bytes> sha1, Set<Bytes> sha256) {
        this.version = version;
        this.generatedDate = generatedDate;
        this.comment = comment;
        this.certificates = certificates;
        this.explicitKeys = explicitKeys;
        this.sha1 = sha1;
        this.sha256 = sha256;
    }

    /** Whether {@code bytes} starts with the KRL magic {@code "SSHKRL\n\0"}. */
    public static boolean isKrl(byte[] bytes) {
        return KrlFormat.hasMagic(bytes);
    }

    /**
     * Reads a binary KRL; every count and length is bounded by the input. A signature section is
     * skipped unverified, as sshd does. Throws {@link IllegalArgumentException} naming what is
     * malformed.
     */
    public static Krl parse(byte[] bytes) {
        return KrlFormat.decode(bytes);
    }

    /** The KRL version number ({@code ssh-keygen -z}). */
    public long version() {
        return version;
    }

    public String comment() {
        return comment;
    }

    /**
     * krl.c {@code ssh_krl_check_key}: the key (a certificate's key included) revoked explicitly
     * or by fingerprint; for a certificate also its CA key, and the certificate by key id or by
     * a non-zero serial under its CA or under any CA.
     */
    public boolean isRevoked(SshPublicKey key) {
        SshPublicKey plain = key instanceof SshCertificate c ? c.key() : key;
        if (blobRevoked(plain.blob())) {
            return true;
        }
        if (!(key instanceof SshCertificate cert)) {
            return false;
        }
        if (blobRevoked(cert.signatureKey().blob())) {
            return true;
        }
        for (Bytes ca : List.of(cert.signatureKey().blob(), Bytes.EMPTY)) {
            CaSection s = certificates.get(ca);
            if (s == null) {
                continue;
            }
            if (s.keyIds().contains(cert.keyId())) {
                return true;
            }
            // krl.c is_cert_revoked: serial 0 is "no serial" and is never revoked by number.
            if (cert.serial() != 0) {
                for (long[] r : s.serialRanges()) {
                    if (Long.compareUnsigned(cert.serial(), r[0]) >= 0 && Long.compareUnsigned(cert.serial(), r[1]) <= 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean blobRevoked(Bytes blob) {
        return explicitKeys.contains(blob) || !sha1.isEmpty() && sha1.contains(digest("SHA-1", blob))
                || !sha256.isEmpty() && sha256.contains(digest("SHA-256", blob));
    }

    static Bytes digest(String alg, Bytes blob) {
        try {
            return Bytes.wrap(MessageDigest.getInstance(alg).digest(blob.toArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of this KRL, stamped with {@code generated} (ssh-keygen writes the time of writing). */
    public byte[] encode(Instant generated) {
        return KrlFormat.encode(this, generated.getEpochSecond());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder from this KRL's revocations ({@code ssh-keygen -k -u} adds to an existing KRL). */
    public Builder toBuilder() {
        Builder b = new Builder().version(version).comment(comment);
        for (CaSection s : certificates.values()) {
            CaSection t = b.section(s.caBlob());
            t.serialRanges().addAll(s.serialRanges());
            t.keyIds().addAll(s.keyIds());
        }
        b.explicitKeys.addAll(explicitKeys);
        b.sha1.addAll(sha1);
        b.sha256.addAll(sha256);
        return b;
    }

    /** What {@code ssh-keygen -k} revokes, line by line of its key specification. */
    public static final class Builder {
        private long version;
        private String comment = "";
        private final Map<Bytes, CaSection> certificates = new LinkedHashMap<>();
        private final Set<Bytes> explicitKeys = new LinkedHashSet<>();
        private final Set<Bytes> sha1 = new LinkedHashSet<>();
        private final Set<Bytes> sha256 = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder version(long v) {
            version = v;
            return this;
        }

        public Builder comment(String v) {
            comment = v == null ? "" : v;
            return this;
        }

        CaSection section(Bytes caBlob) {
            return certificates.computeIfAbsent(caBlob, k -> new CaSection(k, new ArrayList<>(), new LinkedHashSet<>()));
        }

        private static Bytes caBlob(SshPublicKey ca) {
            return ca == null ? Bytes.EMPTY : (ca instanceof SshCertificate c ? c.key() : ca).blob();
        }

        /**
         * krl.c {@code ssh_krl_revoke_key}: a plain key explicitly (its blob); a certificate by
         * its serial under its CA, or by its key id when its serial is 0.
         */
        public Builder revokeKey(SshPublicKey key) {
            if (key instanceof SshCertificate c) {
                return c.serial() == 0 ? revokeKeyId(c.signatureKey(), c.keyId()) : revokeSerials(c.signatureKey(), c.serial(), c.serial());
            }
            explicitKeys.add(key.blob());
            return this;
        }

        /** Certificates of {@code ca} with serials lo..hi (unsigned, 1 or more). */
        public Builder revokeSerials(SshPublicKey ca, long lo, long hi) {
            if (ca == null) {
                throw new IllegalArgumentException("revoking certificates by serial number requires a CA key");
            }
            if (lo == 0 || Long.compareUnsigned(lo, hi) > 0) {
                throw new IllegalArgumentException("invalid serial range " + Long.toUnsignedString(lo) + "-" + Long.toUnsignedString(hi));
            }
            section(caBlob(ca)).serialRanges().add(new long[] {lo, hi});
            return this;
        }

        /** Certificates with key id {@code id} from {@code ca}, or from any CA when {@code ca} is null. */
        public Builder revokeKeyId(SshPublicKey ca, String id) {
            section(caBlob(ca)).keyIds().add(id);
            return this;
        }

        /** A key by the SHA-1 of its blob (20 bytes). */
        public Builder revokeSha1(Bytes hash) {
            if (hash.length() != 20) {
                throw new IllegalArgumentException("a SHA-1 fingerprint is 20 bytes, not " + hash.length());
            }
            sha1.add(hash);
            return this;
        }

        /** A key by the SHA-256 of its blob (32 bytes). */
        public Builder revokeSha256(Bytes hash) {
            if (hash.length() != 32) {
                throw new IllegalArgumentException("a SHA-256 fingerprint is 32 bytes, not " + hash.length());
            }
            sha256.add(hash);
            return this;
        }

        public Krl build() {
            Map<Bytes, CaSection> certs = new LinkedHashMap<>();
            for (CaSection s : certificates.values()) {
                certs.put(s.caBlob(), new CaSection(s.caBlob(), KrlFormat.merge(s.serialRanges()), Set.copyOf(s.keyIds())));
            }
            return new Krl(version, 0, comment, certs, Set.copyOf(explicitKeys), Set.copyOf(sha1), Set.copyOf(sha256));
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
