package org.sshwire.transport.internal.packet;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The sending half of SSH zlib compression (RFC 4253 §6.2): one zlib stream per direction and
 * per key exchange (OpenSSH restarts it at every NEWKEYS, packet.c start_compression_out), each
 * payload flushed so the peer can inflate it at once. OpenSSH flushes with Z_PARTIAL_FLUSH; the
 * JDK offers Z_SYNC_FLUSH, which every inflater reads the same way. Level 6, as OpenSSH.
 */
public final class ZlibCompressor {
    private final Deflater deflater = new Deflater(6);
    private byte[] out = new byte[1024];

    /** Compresses one payload; returns a fresh array. */
    public byte[] compress(byte[] payload, int off, int len) {
        deflater.setInput(payload, off, len);
        int n = 0;
        while (true) {
            if (n == out.length) {
                out = Arrays.copyOf(out, 2 * out.length);
            }
            int got = deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            n += got;
            // SYNC_FLUSH: a full output buffer may hide more; a partly filled one means done.
            if (n < out.length && deflater.needsInput()) {
                return Arrays.copyOf(out, n);
            }
        }
    }

    /** Frees the native stream. */
    public void end() {
        deflater.end();
    }
}
