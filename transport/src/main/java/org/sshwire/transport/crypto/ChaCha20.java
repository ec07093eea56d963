package org.sshwire.transport.crypto;

/**
 * The ChaCha20 keystream (RFC 8439 §2.4) under one key. {@link #start} positions it at block
 * {@code counter} of a nonce; {@link #apply} XORs the following keystream into data.
 */
public interface ChaCha20 {
    void start(byte[] nonce12, int counter);

    void apply(byte[] in, int inOff, int len, byte[] out, int outOff);
}
