package org.sshwire.transport.crypto.internal.jdk;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

final class JdkCiphers {
    private JdkCiphers() {
    }

    /** Cipher.update for callers that always size {@code out} correctly. */
    static void update(Cipher cipher, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            cipher.update(in, inOff, len, out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        }
    }
}
