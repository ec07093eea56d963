package org.sshwire.transport.keys;

import java.util.List;

/**
 * The public-key signature algorithms sshwire implements, by their SSH names, including the
 * certificate host-key algorithm names of PROTOCOL.certkeys.
 *
 * <p>An algorithm names a key type and a hash: {@code rsa-sha2-256} signs with an {@code ssh-rsa}
 * key and SHA-256 (RFC 8332 §3). For a certificate algorithm such as
 * {@code rsa-sha2-256-cert-v01@openssh.com} the key type is the certificate type
 * ({@code ssh-rsa-cert-v01@openssh.com}) and the signature blob carries the plain algorithm name
 * ({@link #signatureName()}).
 *
 * <pre>{@code
 * SignatureAlgorithm alg = SignatureAlgorithm.byName("rsa-sha2-512");
 * alg.keyType();   // "ssh-rsa"
 * alg.legacy();    // false
 * }</pre>
 */
public final class SignatureAlgorithm {
    private static final String CERT = "-cert-v01@openssh.com";

    public static final SignatureAlgorithm SSH_ED25519 = plain("ssh-ed25519", "ssh-ed25519", null, false);
    public static final SignatureAlgorithm ECDSA_SHA2_NISTP256 = plain("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", "SHA-256", false);
    public static final SignatureAlgorithm ECDSA_SHA2_NISTP384 = plain("ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384", "SHA-384", false);
    public static final SignatureAlgorithm ECDSA_SHA2_NISTP521 = plain("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521", "SHA-512", false);
    public static final SignatureAlgorithm RSA_SHA2_256 = plain("rsa-sha2-256", "ssh-rsa", "SHA-256", false);
    public static final SignatureAlgorithm RSA_SHA2_512 = plain("rsa-sha2-512", "ssh-rsa", "SHA-512", false);
    /** RFC 4253 §6.6 ssh-rsa with SHA-1: legacy, only by explicit opt-in (DESIGN §6). */
    public static final SignatureAlgorithm SSH_RSA = plain("ssh-rsa", "ssh-rsa", "SHA-1", true);

    /** FIDO security keys (PROTOCOL.u2f): Ed25519 and ECDSA P-256 over the authenticator's assertion. */
    public static final SignatureAlgorithm SK_SSH_ED25519 = plain("sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519@openssh.com", null, false);
    public static final SignatureAlgorithm SK_ECDSA_SHA2_NISTP256 = plain("sk-ecdsa-sha2-nistp256@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com", "SHA-256", false);

    public static final SignatureAlgorithm SSH_ED25519_CERT = cert(SSH_ED25519, "ssh-ed25519");
    public static final SignatureAlgorithm ECDSA_SHA2_NISTP256_CERT = cert(ECDSA_SHA2_NISTP256, "ecdsa-sha2-nistp256");
    public static final SignatureAlgorithm ECDSA_SHA2_NISTP384_CERT = cert(ECDSA_SHA2_NISTP384, "ecdsa-sha2-nistp384");
    public static final SignatureAlgorithm ECDSA_SHA2_NISTP521_CERT = cert(ECDSA_SHA2_NISTP521, "ecdsa-sha2-nistp521");
    public static final SignatureAlgorithm RSA_SHA2_256_CERT = cert(RSA_SHA2_256, "rsa-sha2-256");
    public static final SignatureAlgorithm RSA_SHA2_512_CERT = cert(RSA_SHA2_512, "rsa-sha2-512");
    public static final SignatureAlgorithm SSH_RSA_CERT = cert(SSH_RSA, "ssh-rsa");
    public static final SignatureAlgorithm SK_SSH_ED25519_CERT = skCert(SK_SSH_ED25519, "sk-ssh-ed25519");
    public static final SignatureAlgorithm SK_ECDSA_SHA2_NISTP256_CERT = skCert(SK_ECDSA_SHA2_NISTP256, "sk-ecdsa-sha2-nistp256");

    /** Every algorithm, in OpenSSH's default preference order (certificates first), legacy last. */
    public static final List<SignatureAlgorithm> ALL = List.of(
            SSH_ED25519_CERT, ECDSA_SHA2_NISTP256_CERT, ECDSA_SHA2_NISTP384_CERT, ECDSA_SHA2_NISTP521_CERT,
            SK_SSH_ED25519_CERT, SK_ECDSA_SHA2_NISTP256_CERT, RSA_SHA2_512_CERT, RSA_SHA2_256_CERT,
            SSH_ED25519, ECDSA_SHA2_NISTP256, ECDSA_SHA2_NISTP384, ECDSA_SHA2_NISTP521,
            SK_SSH_ED25519, SK_ECDSA_SHA2_NISTP256, RSA_SHA2_512, RSA_SHA2_256,
            SSH_RSA_CERT, SSH_RSA);

    private final String name;
    private final String keyType;
    private final String hash;
    private final boolean legacy;
    private final SignatureAlgorithm plain;

    private SignatureAlgorithm(String name, String keyType, String hash, boolean legacy, SignatureAlgorithm plain) {
        this.name = name;
        this.keyType = keyType;
        this.hash = hash;
        this.legacy = legacy;
        this.plain = plain == null ? this : plain;
    }

    private static SignatureAlgorithm plain(String name, String keyType, String hash, boolean legacy) {
        return new SignatureAlgorithm(name, keyType, hash, legacy, null);
    }

    private static SignatureAlgorithm cert(SignatureAlgorithm plain, String prefix) {
        String keyType = plain.keyType + CERT;
        return new SignatureAlgorithm(prefix + CERT, keyType, plain.hash, plain.legacy, plain);
    }

    /** Security-key certificates are named without the plain name's {@code @openssh.com} (PROTOCOL.u2f). */
    private static SignatureAlgorithm skCert(SignatureAlgorithm plain, String prefix) {
        return new SignatureAlgorithm(prefix + CERT, prefix + CERT, plain.hash, false, plain);
    }

    /** The algorithm with this SSH name, or null. */
    public static SignatureAlgorithm byName(String name) {
        for (SignatureAlgorithm a : ALL) {
            if (a.name.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The SSH name, as in KEXINIT and in signature blobs. */
    public String name() {
        return name;
    }

    /** The key type (public-key blob name) this algorithm signs with. */
    public String keyType() {
        return keyType;
    }

    /** JCA hash name, or null for Ed25519 (which hashes internally). */
    public String hash() {
        return hash;
    }

    /** Whether this is a SHA-1 algorithm that needs explicit opt-in. */
    public boolean legacy() {
        return legacy;
    }

    public boolean isCertificate() {
        return plain != this;
    }

    /** For a certificate algorithm, the algorithm of the certified key; otherwise this. */
    public SignatureAlgorithm plain() {
        return plain;
    }

    /** The algorithm name found inside a signature blob made with this algorithm. */
    public String signatureName() {
        return plain.name;
    }

    /** The plain algorithms that can sign with a key of {@code keyType} (no certificate types). */
    public static List<SignatureAlgorithm> forKeyType(String keyType) {
        return ALL.stream().filter(a -> !a.isCertificate() && a.keyType.equals(keyType)).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
