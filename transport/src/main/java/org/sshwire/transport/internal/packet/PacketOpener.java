package org.sshwire.transport.internal.packet;

/**
 * Authenticates and decrypts incoming packets for one direction (DESIGN §4). The deframer calls
 * {@link #decryptLength} once {@link #lengthBlockSize()} bytes have arrived, then {@link #open}
 * once the whole packet and tag have.
 */
public interface PacketOpener {
    /** Bytes needed to learn the packet length (4, or a cipher block when the length is encrypted with it). */
    int lengthBlockSize();

    /** Alignment the peer's packets must have (RFC 4253 §6). */
    int blockSize();

    /** See {@link PacketSealer#lengthExcludedFromAlignment()}. */
    boolean lengthExcludedFromAlignment();

    int tagLength();

    /**
     * Returns {@code packet_length} from the first {@link #lengthBlockSize()} bytes at {@code off}.
     * May decrypt those bytes in place. The value is not yet authenticated.
     */
    int decryptLength(int seq, byte[] buf, int off);

    /**
     * Verifies the tag at {@code off+len} and decrypts {@code buf[off, off+len)} in place, so the
     * packet's plaintext starts at {@code off}.
     *
     * @throws PacketException.MacMismatch when the MAC or tag does not verify
     */
    void open(int seq, byte[] buf, int off, int len);

    /**
     * Like {@link #open}, but returns the plaintext after the 4-byte length ({@code len - 4}
     * bytes: padding_length, payload, padding) in an array of its own, which the payload then
     * shares. This default opens in place and copies; an opener that can decrypt straight into
     * the new array saves that copy.
     *
     * @throws PacketException.MacMismatch when the MAC or tag does not verify
     */
    default byte[] openToArray(int seq, byte[] buf, int off, int len) {
        open(seq, buf, off, len);
        return java.util.Arrays.copyOfRange(buf, off + 4, off + len);
    }

    /**
     * CBC with the length encrypted (RFC 4253 §6.3 ciphers without EtM): a bad length, bad
     * alignment or failed MAC must not be reported at once, or the time to the error reveals
     * which check failed (Albrecht, Paterson, Watson 2009). The deframer then reads on to a fixed
     * total, as OpenSSH's ssh_packet_start_discard does, before the connection ends.
     */
    default boolean discardsOnError() {
        return false;
    }

    /** The filler MAC computed at the end of a discard: {@code length} bytes (OpenSSH ssh_packet_stop_discard). */
    default void discardWork(int seq, int length) {
    }

    /** Reads the big-endian {@code uint32 packet_length} at {@code off}. */
    static int readLength(byte[] buf, int off) {
        return ((buf[off] & 0xff) << 24) | ((buf[off + 1] & 0xff) << 16) | ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
    }
}
