package org.sshwire.transport.internal.packet;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Frames outgoing payloads as binary packets (RFC 4253 §6) and seals them with the current
 * {@link PacketSealer}. Counts the outgoing sequence number, which wraps at 2^32 (§6.4).
 *
 * <pre>{@code
 * PacketFramer out = new PacketFramer(crypto.random());
 * byte[] wire = out.frame(payload, 0, payload.length);   // send these bytes
 * }</pre>
 */
public final class PacketFramer {
    /** RFC 4253 §6: at least four bytes of padding. */
    public static final int MIN_PADDING = 4;

    private final SecureRandom random;
    private PacketSealer sealer = PacketProtection.noneSealer();
    private int sequence;
    private int extraPaddingBlocks;
    /** Research: chooses every padding length when set (null: minimal, plus the extra blocks). */
    private org.sshwire.transport.research.TransportPolicy.PaddingPolicy paddingPolicy;
    /**
     * Reused padding arrays by length (padding is at most 255 bytes, RFC 4253 §6): SecureRandom
     * fills only whole arrays, and a fresh array per packet was garbage on every packet.
     */
    private final byte[][] pads = new byte[256][];

    public PacketFramer(SecureRandom random) {
        this.random = random;
    }

    /** Switches protection; takes effect from the next packet (after our NEWKEYS). */
    public void setSealer(PacketSealer sealer) {
        this.sealer = sealer;
    }

    /** The sequence number the next packet will carry. */
    public int sequence() {
        return sequence;
    }

    /** Research and tests: continue from an arbitrary sequence number (it is only 32 bits and wraps). */
    public void setSequence(int sequence) {
        this.sequence = sequence;
    }

    /** Strict kex (OpenSSH PROTOCOL §1.10): the sequence number restarts at every NEWKEYS. */
    public void resetSequence() {
        sequence = 0;
    }

    /**
     * Research policy: add up to this many extra random blocks of padding per packet (RFC 4253 §6
     * allows up to 255 bytes, to hide payload lengths). Default 0: minimal padding.
     */
    public void setExtraPaddingBlocks(int blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("negative padding");
        }
        this.extraPaddingBlocks = blocks;
    }

    /**
     * Research policy: the padding length of every packet, as the policy says (only its low 8
     * bits fit the padding_length field, RFC 4253 §6); null restores the default.
     */
    public void setPaddingPolicy(org.sshwire.transport.research.TransportPolicy.PaddingPolicy policy) {
        this.paddingPolicy = policy;
    }

    /** Padding length for a payload of {@code payloadLength} bytes. */
    int paddingLength(int payloadLength) {
        int block = Math.max(8, sealer.blockSize());
        int unpadded = 1 + payloadLength + (sealer.lengthExcludedFromAlignment() ? 0 : 4);
        int padding = block - (unpadded % block);
        if (padding < MIN_PADDING) {
            padding += block;
        }
        if (paddingPolicy != null) {
            return paddingPolicy.paddingLength(payloadLength, padding, block) & 0xff;
        }
        if (extraPaddingBlocks > 0) {
            int maxExtra = Math.min(extraPaddingBlocks, (255 - padding) / block);
            if (maxExtra > 0) {
                padding += block * random.nextInt(maxExtra + 1);
            }
        }
        return padding;
    }

    /** Frames and seals one payload; returns the exact bytes to send. */
    public byte[] frame(byte[] payload, int off, int len) {
        int padding = paddingLength(len);
        byte[] out = new byte[wireLength(len, padding)];
        header(out, len, padding);
        System.arraycopy(payload, off, out, 5, len);
        finish(out, len, padding);
        return out;
    }

    /** As {@link #frame(byte[], int, int)} for a message number and body, in a fresh exact array. */
    public byte[] frame(Payload payload) {
        int len = payload.length();
        int padding = paddingLength(len);
        byte[] out = new byte[wireLength(len, padding)];
        header(out, len, padding);
        out[5] = (byte) payload.msgId();
        payload.body().copyTo(out, 6);
        finish(out, len, padding);
        return out;
    }

    /**
     * As {@link #frame(Payload)}, sealed into an array from {@code pool}: the buffer holds exactly
     * the bytes to send; give its array back to the pool once the socket has taken them all.
     */
    public ByteBuffer frame(Payload payload, PacketBufferPool pool) {
        int len = payload.length();
        int padding = paddingLength(len);
        int total = wireLength(len, padding);
        byte[] out = pool.take(total);
        header(out, len, padding);
        out[5] = (byte) payload.msgId();
        payload.body().copyTo(out, 6);
        finish(out, len, padding);
        return ByteBuffer.wrap(out, 0, total);
    }

    /**
     * Frames SSH_MSG_CHANNEL_DATA (RFC 4254 §5.2: uint32 recipient channel, string data) straight
     * from the caller's buffer into a pooled packet: {@code data}'s bytes at absolute indices
     * {@code [off, off+len)} (heap or direct; its position and limit are ignored and unchanged) are
     * copied once, into the packet, with no payload array in between. The bytes equal
     * {@link #frame(Payload)} of the same message.
     */
    public ByteBuffer frameChannelData(long recipient, ByteBuffer data, int off, int len, PacketBufferPool pool) {
        int payloadLength = 1 + 8 + len;
        int padding = paddingLength(payloadLength);
        int total = wireLength(payloadLength, padding);
        byte[] out = pool.take(total);
        header(out, payloadLength, padding);
        out[5] = (byte) MessageNumbers.SSH_MSG_CHANNEL_DATA;
        putUint32(out, 6, recipient);
        putUint32(out, 10, len);
        data.get(off, out, 14, len);
        finish(out, payloadLength, padding);
        return ByteBuffer.wrap(out, 0, total);
    }

    private int wireLength(int payloadLength, int padding) {
        return 4 + 1 + payloadLength + padding + sealer.tagLength();
    }

    /** Writes the length and padding-length fields; the payload goes at 5. */
    private static void header(byte[] out, int payloadLength, int padding) {
        putUint32(out, 0, 1 + payloadLength + padding);
        out[4] = (byte) padding;
    }

    private static void putUint32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Random padding after the payload, then sealing in place (the tag lands after the packet). */
    private void finish(byte[] out, int payloadLength, int padding) {
        byte[] pad = pads[padding];
        if (pad == null) {
            pad = pads[padding] = new byte[padding];
        }
        random.nextBytes(pad);
        System.arraycopy(pad, 0, out, 5 + payloadLength, padding);
        sealer.seal(sequence, out, 0, 5 + payloadLength + padding);
        sequence++;
    }
}
