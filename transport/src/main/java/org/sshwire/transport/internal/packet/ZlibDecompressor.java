package org.sshwire.transport.internal.packet;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.sshwire.transport.wire.Bytes;

/**
 * The receiving half of SSH zlib compression (RFC 4253 §6.2), bounded: a payload may inflate to
 * at most {@code maxPayload} bytes (DESIGN §6: the packet limit applies after decompression too),
 * and output is never allocated beyond that, so a decompression bomb costs the peer its
 * connection and us at most one maximum-size payload.
 */
public final class ZlibDecompressor {
    private final Inflater inflater = new Inflater();
    private final int maxPayload;
    private byte[] out = new byte[1024];

    public ZlibDecompressor(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    /** Thrown for a corrupt stream or a payload over the limit: DISCONNECT with COMPRESSION_ERROR. */
    public static final class CompressionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CompressionException(String message) {
            super(message);
        }
    }

    /** Inflates one packet's payload. */
    public Bytes decompress(Bytes compressed) {
        byte[] in = compressed.toArray();
        inflater.setInput(in);
        int n = 0;
        try {
            while (true) {
                if (n == out.length) {
                    if (out.length > maxPayload) {
                        throw new CompressionException("payload inflates beyond " + maxPayload + " bytes");
                    }
                    out = Arrays.copyOf(out, Math.min(2 * out.length, maxPayload + 1));
                }
                int got = inflater.inflate(out, n, out.length - n);
                n += got;
                if (n > maxPayload) {
                    throw new CompressionException("payload inflates beyond " + maxPayload + " bytes");
                }
                if (inflater.finished()) {
                    throw new CompressionException("zlib stream ended inside the session");
                }
                if (inflater.needsDictionary()) {
                    throw new CompressionException("zlib stream asks for a preset dictionary");
                }
                if (got == 0 && inflater.needsInput()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new CompressionException("corrupt zlib data: " + e.getMessage());
        }
        if (n == 0) {
            throw new CompressionException("compressed packet with an empty payload");
        }
        return Bytes.wrap(Arrays.copyOf(out, n));
    }

    /** Frees the native stream. */
    public void end() {
        inflater.end();
    }
}
