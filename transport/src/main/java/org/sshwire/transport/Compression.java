package org.sshwire.transport;

import org.sshwire.transport.internal.packet.CompressionAlgorithm;
import org.sshwire.transport.internal.packet.ZlibCompressor;
import org.sshwire.transport.internal.packet.ZlibDecompressor;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;

/**
 * Both directions' compression for {@link TransportEngine} (RFC 4253 §6.2). Each NEWKEYS starts
 * a fresh zlib stream in its direction when the negotiated method is active (OpenSSH packet.c
 * set_newkeys); {@code zlib@openssh.com} waits for authentication, which happens on the server
 * right after it sends SSH_MSG_USERAUTH_SUCCESS and on the client right after it receives it
 * (OpenSSH ssh_packet_enable_delayed_compress), in both directions at once.
 */
final class Compression {
    private final PacketTransmitter transmitter;
    private final int maxPayload;
    private CompressionAlgorithm out = CompressionAlgorithm.NONE;
    private CompressionAlgorithm in = CompressionAlgorithm.NONE;
    private ZlibDecompressor inflater;
    private boolean authenticated;

    Compression(PacketTransmitter transmitter, int maxPayload) {
        this.transmitter = transmitter;
        this.maxPayload = maxPayload;
    }

    /** Our NEWKEYS went out: packets from now on use {@code alg}. */
    void outboundKeys(CompressionAlgorithm alg) {
        out = alg;
        startOut();
    }

    /** The peer's NEWKEYS arrived: its packets from now on use {@code alg}. */
    void inboundKeys(CompressionAlgorithm alg) {
        in = alg;
        startIn();
    }

    /** USERAUTH_SUCCESS sent (server) or received (client): delayed compression starts now. */
    void authenticated() {
        if (authenticated) {
            return;
        }
        authenticated = true;
        if (out.delayed()) {
            startOut();
        }
        if (in.delayed()) {
            startIn();
        }
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    private void startOut() {
        transmitter.setCompressor(out.activeAfter(authenticated) ? new ZlibCompressor() : null);
    }

    private void startIn() {
        if (inflater != null) {
            inflater.end();
        }
        inflater = in.activeAfter(authenticated) ? new ZlibDecompressor(maxPayload) : null;
    }

    /** The payload as the peer meant it: inflated when compression is on in its direction. */
    Bytes inflate(Bytes raw) {
        if (inflater == null) {
            return raw;
        }
        try {
            return inflater.decompress(raw);
        } catch (ZlibDecompressor.CompressionException e) {
            throw new TransportException(DisconnectReason.COMPRESSION_ERROR, e.getMessage());
        }
    }

    /** Releases the native zlib streams once the connection is over. */
    void close() {
        transmitter.setCompressor(null);
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
