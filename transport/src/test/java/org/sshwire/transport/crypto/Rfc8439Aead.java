package org.sshwire.transport.crypto;

import org.sshwire.transport.wire.Bytes;

/**
 * The IETF ChaCha20-Poly1305 AEAD (RFC 8439 §2.8) assembled from the seam's ChaCha20 and
 * Poly1305, so Wycheproof's AEAD vectors can test those two primitives of each backend.
 */
final class Rfc8439Aead {
    private final CryptoBackend crypto;
    private final byte[] key;

    Rfc8439Aead(CryptoBackend crypto, byte[] key) {
        this.crypto = crypto;
        this.key = key;
    }

    private byte[] tag(byte[] polyKey, byte[] aad, byte[] ct) {
        Poly1305 poly = crypto.poly1305();
        poly.init(polyKey);
        byte[] zeros = new byte[16];
        poly.update(aad, 0, aad.length);
        poly.update(zeros, 0, (16 - aad.length % 16) % 16);
        poly.update(ct, 0, ct.length);
        poly.update(zeros, 0, (16 - ct.length % 16) % 16);
        byte[] lengths = new byte[16];
        for (int i = 0; i < 8; i++) {
            lengths[i] = (byte) ((long) aad.length >>> (8 * i));
            lengths[8 + i] = (byte) ((long) ct.length >>> (8 * i));
        }
        poly.update(lengths, 0, 16);
        byte[] t = new byte[16];
        poly.doFinal(t, 0);
        return t;
    }

    private byte[] polyKey(ChaCha20 c, byte[] nonce) {
        c.start(nonce, 0);
        byte[] block = new byte[64];
        c.apply(block, 0, 64, block, 0);
        return java.util.Arrays.copyOf(block, 32);
    }

    /** Ciphertext followed by the tag. */
    byte[] seal(byte[] nonce, byte[] aad, byte[] msg) {
        ChaCha20 c = crypto.chacha20(key);
        byte[] pk = polyKey(c, nonce);
        byte[] ct = new byte[msg.length];
        c.apply(msg, 0, msg.length, ct, 0); // continues at block 1
        byte[] t = tag(pk, aad, ct);
        byte[] out = java.util.Arrays.copyOf(ct, ct.length + 16);
        System.arraycopy(t, 0, out, ct.length, 16);
        return out;
    }

    /** The plaintext, or null if the tag does not verify. */
    byte[] open(byte[] nonce, byte[] aad, byte[] ct, byte[] tag) {
        ChaCha20 c = crypto.chacha20(key);
        byte[] pk = polyKey(c, nonce);
        if (!Bytes.constantTimeEquals(tag(pk, aad, ct), tag)) {
            return null;
        }
        byte[] msg = new byte[ct.length];
        c.apply(ct, 0, ct.length, msg, 0);
        return msg;
    }
}
