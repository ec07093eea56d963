package org.sshwire.transport.keys;

import java.math.BigInteger;
import java.util.Objects;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * A private key with its public key and comment: a host key or a user key.
 *
 * <pre>{@code
 * SshKeyPair kp = SshKeyPair.generate("ssh-ed25519", 0, crypto);
 * Bytes sig = kp.sign(SignatureAlgorithm.SSH_ED25519, data, crypto);
 * kp.publicKey().verify(SignatureAlgorithm.SSH_ED25519, sig, data, crypto);   // true
 * }</pre>
 */
public final class SshKeyPair {
    /** The smallest RSA modulus sshwire generates (NIST SP 800-131A; OpenSSH's default is 3072). */
    public static final int MIN_NEW_RSA_BITS = 2048;

    private final SshPublicKey publicKey;
    private final PrivateKey privateKey;
    private final String comment;
    private final SshCertificate certificate;

    SshKeyPair(SshPublicKey publicKey, PrivateKey privateKey, String comment) {
        this(publicKey, privateKey, comment, null);
    }

    private SshKeyPair(SshPublicKey publicKey, PrivateKey privateKey, String comment, SshCertificate certificate) {
        this.publicKey = Objects.requireNonNull(publicKey);
        this.privateKey = Objects.requireNonNull(privateKey);
        this.comment = comment == null ? "" : comment;
        this.certificate = certificate;
    }

    /**
     * This key presented with an OpenSSH certificate for it (PROTOCOL.certkeys), so it can be
     * offered as a host key or user key of the certificate's {@code *-cert-v01@openssh.com} type.
     *
     * <pre>{@code
     * SshKeyPair host = KeyFiles.readPrivateKey(keyBytes, null, crypto)
     *         .withCertificate((SshCertificate) KeyFiles.readPublicKeyLine(certLine));
     * }</pre>
     *
     * @throws IllegalArgumentException when the certificate certifies another key
     */
    public SshKeyPair withCertificate(SshCertificate cert) {
        if (!cert.key().equals(publicKey)) {
            throw new IllegalArgumentException("the certificate is for key " + cert.key().fingerprintSha256()
                    + ", not " + publicKey.fingerprintSha256());
        }
        return new SshKeyPair(publicKey, privateKey, comment, cert);
    }

    /** The certificate this key is presented with, if any. */
    public java.util.Optional<SshCertificate> certificate() {
        return java.util.Optional.ofNullable(certificate);
    }

    /**
     * What the peer sees for signature algorithm {@code alg}: the certificate's blob for a
     * certificate algorithm, the plain public key's blob otherwise.
     */
    public Bytes publicBlobFor(SignatureAlgorithm alg) {
        if (alg.isCertificate()) {
            if (certificate == null || !certificate.keyType().equals(alg.keyType())) {
                throw new IllegalArgumentException("no " + alg.keyType() + " certificate for this key");
            }
            return certificate.blob();
        }
        return publicKey.blob();
    }

    static SshKeyPair ed25519(Bytes seed, String comment, CryptoBackend crypto) {
        byte[] pk = crypto.signatures().ed25519PublicFromSeed(seed.toArray());
        return new SshKeyPair(new Ed25519PublicKey(Bytes.wrap(pk)), new PrivateKey.Ed25519(seed), comment);
    }

    static SshKeyPair ecdsa(String curve, BigInteger d, String comment, CryptoBackend crypto) {
        if (d.signum() <= 0 || d.compareTo(crypto.signatures().ecOrder(curve)) >= 0) {
            throw new KeyFormatException("ECDSA private scalar out of range");
        }
        byte[] q = crypto.signatures().ecPublicFromPrivate(curve, d);
        return new SshKeyPair(new EcdsaPublicKey(curve, Bytes.wrap(q)), new PrivateKey.Ecdsa(curve, d), comment);
    }

    static SshKeyPair rsa(Signatures.RsaPrivate k, String comment) {
        if (!k.p().multiply(k.q()).equals(k.n())) {
            throw new KeyFormatException("RSA private key is inconsistent: p*q != n");
        }
        return new SshKeyPair(new RsaPublicKey(k.e(), k.n()), new PrivateKey.Rsa(k), comment);
    }

    /**
     * Generates a key: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256/384/521} ({@code bits} 0
     * or the curve size) or {@code ssh-rsa} with {@code bits >= 2048}.
     */
    public static SshKeyPair generate(String keyType, int bits, CryptoBackend crypto) {
        Signatures s = crypto.signatures();
        if (keyType.equals(Ed25519PublicKey.TYPE)) {
            byte[] seed = new byte[32];
            crypto.random().nextBytes(seed);
            return ed25519(Bytes.wrap(seed), "", crypto);
        }
        if (keyType.equals(RsaPublicKey.TYPE)) {
            if (bits < MIN_NEW_RSA_BITS || bits > RsaPublicKey.MAX_BITS) {
                throw new IllegalArgumentException("RSA key size must be " + MIN_NEW_RSA_BITS + ".."
                        + RsaPublicKey.MAX_BITS + " bits, was " + bits);
            }
            return rsa(s.rsaGenerate(bits), "");
        }
        String curve = EcdsaPublicKey.curveOf(keyType);
        if (curve != null) {
            int size = Integer.parseInt(curve.substring(5));
            if (bits != 0 && bits != size) {
                throw new IllegalArgumentException(keyType + " keys are " + size + " bits, not " + bits);
            }
            return ecdsa(curve, s.ecGeneratePrivate(curve), "", crypto);
        }
        throw new IllegalArgumentException("cannot generate keys of type " + keyType);
    }

    public SshPublicKey publicKey() {
        return publicKey;
    }

    public String comment() {
        return comment;
    }

    /** This key pair with another comment. */
    public SshKeyPair withComment(String newComment) {
        return new SshKeyPair(publicKey, privateKey, newComment, certificate);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Signs {@code data} and returns the signature blob ({@code string alg || string sig}).
     * {@code alg} must sign with this key's type; a certificate algorithm signs with its plain
     * algorithm. Ed25519 and ECDSA (RFC 6979) are deterministic; RSA is PKCS#1 v1.5.
     */
    public Bytes sign(SignatureAlgorithm alg, byte[] data, CryptoBackend crypto) {
        SignatureAlgorithm plain = alg.plain();
        if (!plain.keyType().equals(publicKey.keyType())) {
            throw new IllegalArgumentException(alg + " cannot sign with a " + publicKey.keyType() + " key");
        }
        Signatures s = crypto.signatures();
        Bytes sig;
        if (privateKey instanceof PrivateKey.Ed25519 k) {
            sig = Bytes.wrap(s.ed25519Sign(k.seed().toArray(), data));
        } else if (privateKey instanceof PrivateKey.Ecdsa k) {
            BigInteger[] rs = s.ecdsaSign(k.curve(), k.d(), data);
            // RFC 5656 §3.1.2: ecdsa_signature_blob = mpint r || mpint s.
            sig = new SshWriter().writeMpint(rs[0]).writeMpint(rs[1]).toBytes();
        } else {
            PrivateKey.Rsa k = (PrivateKey.Rsa) privateKey;
            sig = Bytes.wrap(s.rsaSign(k.key(), plain.hash(), data));
        }
        return new SignatureBlob(plain.signatureName(), sig).encode();
    }

    /** Same key material (comments are ignored). */
    public boolean sameKeyAs(SshKeyPair other) {
        return publicKey.equals(other.publicKey) && privateKey.equals(other.privateKey);
    }

    @Override
    public String toString() {
        return "SshKeyPair[" + publicKey.keyType() + " " + publicKey.fingerprintSha256() + " " + comment + "]";
    }
}
