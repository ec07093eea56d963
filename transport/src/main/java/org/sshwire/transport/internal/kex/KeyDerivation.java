package org.sshwire.transport.internal.kex;

import java.util.Arrays;
import org.sshwire.transport.crypto.Digest;

/**
 * Key derivation of RFC 4253 §7.2: {@code K1 = HASH(K || H || X || session_id)}, extended as
 * {@code Kn = HASH(K || H || K1 || ... || Kn-1)} until enough bytes exist.
 *
 * <pre>{@code
 * byte[] ivC2S = KeyDerivation.derive(crypto.digest("SHA-256"), encodedK, h, 'A', sessionId, 16);
 * }</pre>
 */
public final class KeyDerivation {
    private KeyDerivation() {
    }

    /** The RFC 4253 §7.2 letters. */
    public static final char IV_CLIENT_TO_SERVER = 'A';
    public static final char IV_SERVER_TO_CLIENT = 'B';
    public static final char KEY_CLIENT_TO_SERVER = 'C';
    public static final char KEY_SERVER_TO_CLIENT = 'D';
    public static final char MAC_CLIENT_TO_SERVER = 'E';
    public static final char MAC_SERVER_TO_CLIENT = 'F';

    /**
     * Derives {@code length} bytes.
     *
     * @param encodedK the shared secret exactly as it is hashed: an mpint for DH and ECDH, a
     *                 string for the hybrid KEMs
     */
    public static byte[] derive(Digest digest, byte[] encodedK, byte[] h, char letter, byte[] sessionId, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        digest.update(encodedK);
        digest.update(h);
        digest.update(new byte[] {(byte) letter});
        digest.update(sessionId);
        byte[] block = digest.digest();
        int have = Math.min(block.length, length);
        System.arraycopy(block, 0, out, 0, have);
        while (have < length) {
            digest.update(encodedK);
            digest.update(h);
            digest.update(out, 0, have);
            block = digest.digest();
            int n = Math.min(block.length, length - have);
            System.arraycopy(block, 0, out, have, n);
            have += n;
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }
}
