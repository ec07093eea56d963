package org.sshwire.transport.crypto;

/** Authenticated encryption with associated data and a 16-byte tag (AES-GCM). */
public interface Aead {
    int TAG_LENGTH = 16;

    /**
     * Encrypts {@code buf[off, off+len)} into {@code out} at {@code outOff}, followed by the tag.
     * {@code out} may be {@code buf}, with {@code outOff == off}.
     */
    void seal(byte[] nonce, byte[] aad, int aadOff, int aadLen,
              byte[] buf, int off, int len, byte[] out, int outOff);

    /**
     * Verifies and decrypts {@code buf[off, off+len)} (ciphertext then tag) into {@code out};
     * returns false, leaving {@code out} unspecified, when the tag does not verify.
     */
    boolean open(byte[] nonce, byte[] aad, int aadOff, int aadLen,
                 byte[] buf, int off, int len, byte[] out, int outOff);
}
