package org.sshwire.connection.internal.channel;

import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SignatureBlob;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/**
 * One proof of {@code hostkeys-prove-00@openssh.com} (OpenSSH PROTOCOL §2.5, UpdateHostKeys): a
 * signature by a host key over {@code string "hostkeys-prove-00@openssh.com", string session
 * identifier, string hostkey}.
 *
 * <p>RSA keys, as in sshd and ssh: when the key exchange negotiated an {@code rsa-sha2-*} host-key
 * algorithm, that algorithm signs and is required; otherwise the server signs with
 * {@code rsa-sha2-512} and the client accepts {@code rsa-sha2-512} or {@code rsa-sha2-256}
 * (never SHA-1 {@code ssh-rsa}).
 *
 * <pre>{@code
 * Bytes sig = HostKeysProof.sign(hostKey, sessionId, "ssh-ed25519", crypto);
 * HostKeysProof.verify(hostKey.publicKey(), sig, sessionId, "ssh-ed25519", crypto);   // true
 * }</pre>
 */
public final class HostKeysProof {
    private HostKeysProof() {
    }

    /** Signs the proof for {@code key}; {@code negotiatedHostKeyAlgorithm} is this session's. */
    public static Bytes sign(SshKeyPair key, Bytes sessionId, String negotiatedHostKeyAlgorithm, CryptoBackend crypto) {
        SshPublicKey pub = key.publicKey();
        SignatureAlgorithm alg = negotiatedRsa(pub, negotiatedHostKeyAlgorithm);
        if (alg == null) {
            alg = pub.keyType().equals("ssh-rsa") ? SignatureAlgorithm.RSA_SHA2_512 : SignatureAlgorithm.byName(pub.keyType());
        }
        if (alg == null) {
            throw new IllegalArgumentException("cannot prove a " + pub.keyType() + " key");
        }
        return key.sign(alg, GlobalRequestBody.HostKeysProve.signedData(sessionId, pub.blob()), crypto);
    }

    /** Whether {@code signature} proves possession of {@code key} in the session {@code sessionId}; fails closed. */
    public static boolean verify(SshPublicKey key, Bytes signature, Bytes sessionId, String negotiatedHostKeyAlgorithm,
                                 CryptoBackend crypto) {
        SignatureAlgorithm alg = negotiatedRsa(key, negotiatedHostKeyAlgorithm);
        if (alg == null && key.keyType().equals("ssh-rsa")) {
            try {
                alg = SignatureAlgorithm.byName(SignatureBlob.parse(signature).algorithm());
            } catch (KeyFormatException e) {
                return false;
            }
            if (alg != SignatureAlgorithm.RSA_SHA2_512 && alg != SignatureAlgorithm.RSA_SHA2_256) {
                return false;
            }
        } else if (alg == null) {
            alg = SignatureAlgorithm.byName(key.keyType());
        }
        if (alg == null || alg.isCertificate()) {
            return false;
        }
        try {
            return key.verify(alg, signature, GlobalRequestBody.HostKeysProve.signedData(sessionId, key.blob()), crypto);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The negotiated rsa-sha2-* algorithm (plain form) if {@code key} is RSA and the session negotiated one. */
    private static SignatureAlgorithm negotiatedRsa(SshPublicKey key, String negotiated) {
        SignatureAlgorithm n = negotiated == null ? null : SignatureAlgorithm.byName(negotiated);
        if (n == null || !key.keyType().equals("ssh-rsa") || !n.plain().keyType().equals("ssh-rsa")) {
            return null;
        }
        return n.plain().legacy() ? null : n.plain();
    }
}
