package org.sshwire.transport.packet;

import java.nio.ByteBuffer;
import org.sshwire.transport.wire.Bytes;

/**
 * Reassembles incoming binary packets (RFC 4253 §6) from input split anywhere, opens them with
 * the current {@link PacketOpener}, and yields their payloads in order.
 *
 * <p>{@link #poll(ByteBuffer)} consumes input only up to the end of the packet in progress, so the
 * caller can switch the opener after NEWKEYS before the next packet's bytes are touched, and so
 * the buffer never holds more than one packet: the claimed length is checked against the maximum
 * before anything is allocated for it.
 *
 * <pre>{@code
 * while (input.hasRemaining()) {
 *     Bytes payload = deframer.poll(input);
 *     if (payload != null) handle(payload);
 * }
 * }</pre>
 */
public final class PacketDeframer {
    /** Default maximum {@code packet_length}: 256 KiB (DESIGN §6, OpenSSH's PACKET_MAX_SIZE). */
    public static final int DEFAULT_MAX_PACKET_LENGTH = 256 * 1024;

    private final int maxPacketLength;
    private PacketOpener opener = PacketProtection.noneOpener();
    private int sequence;

    private byte[] buf = new byte[64];
    private int filled;
    /** Bytes the current packet needs in all, or -1 while its length is not known yet. */
    private int needed = -1;
    private int packetLength;

    public PacketDeframer() {
        this(DEFAULT_MAX_PACKET_LENGTH);
    }

    public PacketDeframer(int maxPacketLength) {
        if (maxPacketLength < 64) {
            throw new IllegalArgumentException("maximum packet length too small: " + maxPacketLength);
        }
        this.maxPacketLength = maxPacketLength;
    }

    /** Switches protection; call between packets (right after the peer's NEWKEYS). */
    public void setOpener(PacketOpener opener) {
        if (filled != 0) {
            throw new IllegalStateException("cannot change keys in the middle of a packet");
        }
        this.opener = opener;
    }

    /** The sequence number the next packet will carry. */
    public int sequence() {
        return sequence;
    }

    /** Research and tests: continue from an arbitrary sequence number (it is only 32 bits and wraps). */
    public void setSequence(int sequence) {
        this.sequence = sequence;
    }

    /** Strict kex: the sequence number restarts at every NEWKEYS. */
    public void resetSequence() {
        sequence = 0;
    }

    /** Bytes allocated for the packet buffer: never more than one maximum-size packet. */
    int capacity() {
        return buf.length;
    }

    /** Bytes of a partial packet held. */
    public int buffered() {
        return filled;
    }

    /**
     * Consumes input until one packet is complete and returns its payload, or returns null once
     * {@code src} is exhausted without completing one.
     *
     * @throws PacketException on a bad length, bad padding or failed MAC; the connection is then unusable
     */
    public Bytes poll(ByteBuffer src) {
        if (needed < 0) {
            int first = opener.lengthBlockSize();
            if (!fill(src, first)) {
                return null;
            }
            packetLength = opener.decryptLength(sequence, buf, 0);
            checkLength(packetLength);
            needed = 4 + packetLength + opener.tagLength();
        }
        if (!fill(src, needed)) {
            return null;
        }
        byte[] plain = opener.openToArray(sequence, buf, 0, 4 + packetLength); // padding_length, payload, padding
        int padding = plain[0] & 0xff;
        int payloadLength = packetLength - 1 - padding;
        if (padding < PacketFramer.MIN_PADDING || payloadLength < 0) {
            throw new PacketException.Malformed("invalid padding length " + padding + " for packet length " + packetLength);
        }
        Bytes payload = payloadLength == 0 ? Bytes.EMPTY : Bytes.wrap(plain).slice(1, 1 + payloadLength);
        sequence++;
        filled = 0;
        needed = -1;
        return payload;
    }

    private void checkLength(int len) {
        // RFC 4253 §6.1: implementations must be able to refuse packets that are too long.
        if (len < 0 || len > maxPacketLength) {
            throw new PacketException.Malformed("packet length " + Integer.toUnsignedLong(len)
                    + " exceeds the maximum " + maxPacketLength);
        }
        int aligned = opener.lengthExcludedFromAlignment() ? len : len + 4;
        int block = Math.max(8, opener.blockSize());
        if (len < 5 || aligned % block != 0 || 4 + len < opener.lengthBlockSize()) {
            throw new PacketException.Malformed("packet length " + len + " is not a positive multiple of the block size " + block);
        }
    }

    /** Copies from src until {@code buf} holds {@code target} bytes; true when it does. */
    private boolean fill(ByteBuffer src, int target) {
        if (buf.length < target) {
            buf = java.util.Arrays.copyOf(buf, Math.max(target, Math.min(2 * buf.length, maxPacketLength + 4 + 64)));
        }
        int n = Math.min(target - filled, src.remaining());
        src.get(buf, filled, n);
        filled += n;
        return filled == target;
    }
}
