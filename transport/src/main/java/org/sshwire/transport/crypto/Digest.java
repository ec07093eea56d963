package org.sshwire.transport.crypto;

/** A message digest; {@link #digest()} returns the hash and resets. */
public interface Digest {
    void update(byte[] data, int off, int len);

    default void update(byte[] data) {
        update(data, 0, data.length);
    }

    byte[] digest();

    /** Output length in bytes. */
    int length();
}
