package org.sshwire.transport.internal.packet;

/**
 * Protects outgoing packets for one direction (DESIGN §4).
 *
 * <p>The framer lays out {@code uint32 packet_length || byte padding_length || payload || padding}
 * in a buffer with {@link #tagLength()} spare bytes after it, and calls {@link #seal}, which
 * encrypts in place and writes the MAC or tag after the packet.
 */
public interface PacketSealer {
    /** Padding alignment: the padded packet is a multiple of this (RFC 4253 §6: at least 8). */
    int blockSize();

    /**
     * True when the length field is sent in clear or encrypted separately (EtM, AEAD), so it is
     * left out of the alignment; false when it is part of the first cipher block.
     */
    boolean lengthExcludedFromAlignment();

    int tagLength();

    /** Encrypts {@code packet[off, off+len)} in place and writes the tag at {@code off+len}. */
    void seal(int seq, byte[] packet, int off, int len);
}
