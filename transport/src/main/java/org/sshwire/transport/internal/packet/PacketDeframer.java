package org.sshwire.transport.internal.packet;

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
    /**
     * CBC countermeasure: bytes still to swallow before the failure is reported, or -1 when not
     * discarding (see {@link PacketOpener#discardsOnError()}).
     */
    private int discardRemaining = -1;
    /** Bytes already authenticated when the MAC failed, for the filler MAC's length. */
    private int discardMacAlready;

    /** Sees each packet's bytes as they arrived, before opening (research wire hooks). */
    @FunctionalInterface
    public interface SealedTap {
        /**
         * {@code sealed} is a copy of the whole packet with its tag; called before it is opened.
         * Returns null to open the packet as it arrived, or the bytes to read in its place (none
         * drops it), which are not shown to the tap again.
         */
        byte[] sealed(int sequence, byte[] sealed);
    }

    private SealedTap tap;
    /** What {@link #pollFrom} returns when the tap took the packet's place. */
    private static final Bytes REPLACED = Bytes.wrap(new byte[1]);
    /** With a tap, the first bytes as received, since finding the length may decrypt them in place. */
    private byte[] sealedHead;
    /** Bytes a tap put in place of a packet, read before any new input; null when none. */
    private ByteBuffer pending;
    /** The packet in progress began in {@link #pending}: the tap has had its say on those bytes. */
    private boolean untapped;

    public PacketDeframer() {
        this(DEFAULT_MAX_PACKET_LENGTH);
    }

    public PacketDeframer(int maxPacketLength) {
        if (maxPacketLength < 64) {
            throw new IllegalArgumentException("maximum packet length too small: " + maxPacketLength);
        }
        this.maxPacketLength = maxPacketLength;
    }

    /** Research: shows every packet's sealed bytes to {@code tap} before opening it; null: none. */
    public void setSealedTap(SealedTap tap) {
        this.tap = tap;
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
        while (true) {
            Bytes p;
            if (pending != null) {
                if (filled == 0) {
                    untapped = true; // a packet that begins in the tap's bytes is not shown to it again
                }
                p = pollFrom(pending);
                boolean more = pending.hasRemaining();
                if (!more) {
                    pending = null; // a partial packet goes on with new input
                }
                if (p == null) {
                    if (more) {
                        return null; // cannot happen (fill reads until the packet or the bytes end); never spin
                    }
                    continue;
                }
            } else {
                if (filled == 0) {
                    untapped = false;
                }
                p = pollFrom(src);
                if (p == null) {
                    return null;
                }
            }
            if (p != REPLACED) {
                return p;
            }
        }
    }

    /** True while bytes a tap put in place of a packet wait to be read (poll again even without input). */
    public boolean hasPending() {
        return pending != null;
    }

    private Bytes pollFrom(ByteBuffer src) {
        if (discardRemaining >= 0) {
            return discard(src);
        }
        if (needed < 0) {
            int first = opener.lengthBlockSize();
            if (!fill(src, first)) {
                return null;
            }
            if (tap != null && !untapped) {
                sealedHead = java.util.Arrays.copyOf(buf, first);
            }
            packetLength = opener.decryptLength(sequence, buf, 0);
            String bad = lengthProblem(packetLength);
            if (bad != null) {
                if (opener.discardsOnError()) {
                    return startDiscard(src, 0);
                }
                throw new PacketException.Malformed(bad);
            }
            needed = 4 + packetLength + opener.tagLength();
        }
        if (!fill(src, needed)) {
            return null;
        }
        if (tap != null && !untapped) {
            byte[] sealed = java.util.Arrays.copyOf(buf, needed);
            System.arraycopy(sealedHead, 0, sealed, 0, sealedHead.length);
            byte[] instead = tap.sealed(sequence, sealed);
            if (instead != null) {
                // The packet is not opened: what the tap gave is read in its place. Its length was
                // already decrypted, which for CTR and CBC without EtM moved the cipher on.
                filled = 0;
                needed = -1;
                if (instead.length > 0) {
                    pending = ByteBuffer.wrap(instead);
                }
                return REPLACED;
            }
        }
        byte[] plain;
        try {
            plain = opener.openToArray(sequence, buf, 0, 4 + packetLength); // padding_length, payload, padding
        } catch (PacketException.MacMismatch e) {
            if (opener.discardsOnError()) {
                return startDiscard(src, 4 + packetLength);
            }
            throw e;
        }
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

    /**
     * OpenSSH packet.c ssh_packet_start_discard: the bytes of the bad packet received so far count
     * towards a fixed total of the maximum packet length; the rest is read and dropped (nothing is
     * buffered), then a filler MAC is computed and the MAC error reported. A peer that stops
     * sending earlier sees the same silence whichever check failed.
     */
    private Bytes startDiscard(ByteBuffer src, int macAlready) {
        discardRemaining = Math.max(0, maxPacketLength - filled);
        discardMacAlready = macAlready;
        filled = 0;
        needed = -1;
        return discard(src);
    }

    private Bytes discard(ByteBuffer src) {
        int n = Math.min(discardRemaining, src.remaining());
        src.position(src.position() + n);
        discardRemaining -= n;
        if (discardRemaining > 0) {
            return null;
        }
        opener.discardWork(sequence, Math.max(0, maxPacketLength - discardMacAlready));
        throw new PacketException.MacMismatch();
    }

    /** True while a failed CBC packet is being read to its fixed length (research and tests). */
    public boolean discarding() {
        return discardRemaining >= 0;
    }

    /** Why {@code len} cannot be a packet's length, or null when it can. */
    private String lengthProblem(int len) {
        // RFC 4253 §6.1: implementations must be able to refuse packets that are too long.
        if (len < 0 || len > maxPacketLength) {
            return "packet length " + Integer.toUnsignedLong(len) + " exceeds the maximum " + maxPacketLength;
        }
        int aligned = opener.lengthExcludedFromAlignment() ? len : len + 4;
        int block = Math.max(8, opener.blockSize());
        if (len < 5 || aligned % block != 0 || 4 + len < opener.lengthBlockSize()) {
            return "packet length " + len + " is not a positive multiple of the block size " + block;
        }
        return null;
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
