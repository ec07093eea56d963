package org.sshwire.transport.crypto;

/** A keyed message authentication code; {@link #doFinal} writes the tag and resets. */
public interface Mac {
    void update(byte[] data, int off, int len);

    /** Feeds a 32-bit big-endian integer (the SSH sequence number). */
    void updateInt(int v);

    void doFinal(byte[] out, int off);

    /** Tag length in bytes. */
    int length();
}
