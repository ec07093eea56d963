package org.sshwire.transport.keys;

import java.util.Base64;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;

/**
 * An SSH public key or certificate, as carried in a public-key blob (RFC 4253 §6.6). Immutable,
 * with value equality.
 *
 * <pre>{@code
 * SshPublicKey key = SshPublicKey.parse(blob);
 * key.fingerprintSha256();     // "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"
 * boolean ok = key.verify(SignatureAlgorithm.RSA_SHA2_256, signatureBlob, data, crypto);
 * }</pre>
 */
public sealed interface SshPublicKey permits Ed25519PublicKey, EcdsaPublicKey, RsaPublicKey,
        SecurityKeyPublicKey, SshCertificate {

    /** The key type name, the first string of the blob (e.g. {@code ssh-ed25519}). */
    String keyType();

    /** The SSH public-key blob. */
    Bytes blob();

    /**
     * Verifies a signature blob ({@code string alg-name || string signature}) over {@code data}.
     * Fails closed: any malformation, an algorithm name in the blob other than
     * {@code alg.signatureName()}, or an algorithm for another key type gives false.
     */
    boolean verify(SignatureAlgorithm alg, Bytes signatureBlob, byte[] data, CryptoBackend crypto);

    /**
     * Parses a public-key blob; throws {@link KeyFormatException} for malformed blobs and
     * {@link UnsupportedKeyTypeException} for key types sshwire does not implement.
     */
    static SshPublicKey parse(Bytes blob) {
        return PublicKeyBlobs.parse(blob, CryptoBackend.defaultBackend());
    }

    /** {@code ssh-keygen -l} form: {@code SHA256:} and the unpadded base64 of the blob's SHA-256. */
    default String fingerprintSha256() {
        return Fingerprints.sha256(blob());
    }

    /** {@code ssh-keygen -l -E md5} form: {@code MD5:} and colon-separated hex. */
    default String fingerprintMd5() {
        return Fingerprints.md5(blob());
    }

    /**
     * The {@code .pub} / authorized_keys line: {@code TYPE BASE64 [COMMENT]}, without newline.
     * A null or empty comment is left out.
     */
    default String toOpenSshLine(String comment) {
        String line = keyType() + " " + Base64.getEncoder().encodeToString(blob().toArray());
        return comment == null || comment.isEmpty() ? line : line + " " + comment;
    }
}
