package org.sshwire.transport;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import org.sshwire.transport.internal.packet.PacketBufferPool;
import org.sshwire.transport.internal.packet.PacketFramer;
import org.sshwire.transport.internal.packet.PacketSealer;
import org.sshwire.transport.internal.packet.ZlibCompressor;
import org.sshwire.transport.wire.Payload;

/**
 * The outbound half of the binary packet protocol (RFC 4253 §6) for {@link TransportEngine}:
 * frames and seals payloads into pooled packet arrays, queues the wire bytes for the driver, and
 * takes each array back once the driver has written it. Confined to the engine's lock, except
 * {@link #release}, which the pool's own lock guards.
 */
final class PacketTransmitter {
    private final PacketFramer framer;
    /** Packet arrays the driver hands back once written (see {@link #release}). */
    private final PacketBufferPool buffers = new PacketBufferPool();
    private final ArrayDeque<ByteBuffer> wire = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    /** Non-null while payloads are zlib-compressed (see {@link Compression}). */
    private ZlibCompressor compressor;

    PacketTransmitter(SecureRandom random) {
        this.framer = new PacketFramer(random);
    }

    /** Queues bytes that are not a packet (the identification line, RFC 4253 §4.2). */
    void queueRaw(ByteBuffer bytes) {
        wire.add(bytes);
    }

    /** Frames, seals and queues one payload; returns its length on the wire. */
    int send(Payload p) {
        ByteBuffer b = frame(p);
        wire.add(b);
        return b.remaining();
    }

    /** Frames and seals one payload without queueing it (research wire hooks see it first). */
    ByteBuffer frame(Payload p) {
        if (compressor != null) {
            byte[] plain = p.toBytes().toArray();
            byte[] z = compressor.compress(plain, 0, plain.length);
            return ByteBuffer.wrap(framer.frame(z, 0, z.length));
        }
        return framer.frame(p, buffers);
    }

    /** Queues sealed bytes as they are (a research wire interceptor's output). */
    void queue(ByteBuffer sealed) {
        wire.add(sealed);
    }

    /** Research padding policy (see {@link PacketFramer#setPaddingPolicy} and {@link PacketFramer#setExtraPaddingBlocks}). */
    void padding(org.sshwire.transport.research.TransportPolicy.PaddingPolicy policy, int extraBlocks) {
        framer.setPaddingPolicy(policy);
        framer.setExtraPaddingBlocks(extraBlocks);
    }

    /** As {@link #send} for CHANNEL_DATA framed straight from the caller's buffer (PacketFramer#frameChannelData). */
    int sendChannelData(long recipient, ByteBuffer data, int off, int len) {
        ByteBuffer b = framer.frameChannelData(recipient, data, off, len, buffers);
        wire.add(b);
        return b.remaining();
    }

    /** Starts (or with null, stops) compressing payloads from the next packet on; ends the previous stream. */
    void setCompressor(ZlibCompressor c) {
        if (compressor != null) {
            compressor.end();
        }
        compressor = c;
    }

    /** Whether payloads are being compressed (CHANNEL_DATA then goes through {@link #send}). */
    boolean compressing() {
        return compressor != null;
    }

    /** The next bytes for the driver, or null. */
    ByteBuffer poll() {
        return wire.poll();
    }

    /** See {@link TransportEngine#releaseTransmit}: any thread. */
    void release(ByteBuffer written) {
        if (written.hasArray() && !written.isReadOnly()) {
            buffers.give(written.array());
        }
    }

    /** The sequence number of the next packet. */
    int sequence() {
        return framer.sequence();
    }

    /** New keys from the next packet on (after our NEWKEYS); strict kex restarts the sequence. */
    void setSealer(PacketSealer sealer, boolean resetSequence) {
        framer.setSealer(sealer);
        if (resetSequence) {
            framer.resetSequence();
        }
    }
}
