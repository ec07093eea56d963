package org.sshwire.transport.crypto;

/**
 * A raw block cipher in the encrypt direction, one block at a time: UMAC (RFC 4418 §3.2, §4.1)
 * builds its key derivation and pad from AES this way.
 */
public interface BlockCipher {
    /** The block size in bytes (16 for AES). */
    int blockSize();

    /** Encrypts one block from {@code in} to {@code out}; the ranges may be the same. */
    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff);
}
