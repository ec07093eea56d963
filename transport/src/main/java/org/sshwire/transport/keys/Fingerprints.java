package org.sshwire.transport.keys;

import java.util.Base64;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.wire.Bytes;

/** Key fingerprints as {@code ssh-keygen -l} prints them (sshkey.c, sshkey_fingerprint). */
final class Fingerprints {
    private Fingerprints() {
    }

    private static byte[] hash(String alg, Bytes blob) {
        Digest d = CryptoBackend.defaultBackend().digest(alg);
        d.update(blob.toArray());
        return d.digest();
    }

    static String sha256(Bytes blob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash("SHA-256", blob));
    }

    static String md5(Bytes blob) {
        byte[] h = hash("MD5", blob);
        StringBuilder b = new StringBuilder("MD5:");
        for (int i = 0; i < h.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(String.format("%02x", h[i] & 0xff));
        }
        return b.toString();
    }
}
