package org.sshwire.transport.crypto;

/** Poly1305 (RFC 8439 §2.5): a fresh 32-byte one-time key per message. */
public interface Poly1305 {
    int TAG_LENGTH = 16;

    void init(byte[] key32);

    void update(byte[] data, int off, int len);

    /** Writes the 16-byte tag and forgets the key. */
    void doFinal(byte[] out, int off);
}
