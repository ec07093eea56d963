package org.sshwire.transport.crypto;

/** A keystream cipher: XORs its running keystream into data; {@code in} and {@code out} may be the same range. */
public interface StreamCipher {
    void apply(byte[] in, int inOff, int len, byte[] out, int outOff);
}
