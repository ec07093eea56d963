package org.sshwire.cli.capture;

import java.io.IOException;
import java.io.InputStream;

/** Fixed-width integers in either byte order, and exact reads that name what was truncated. */
final class Bin {
    private Bin() {
    }

    static int uint16(byte[] b, int off, boolean littleEndian) {
        int x = (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
        return littleEndian ? Integer.reverseBytes(x) >>> 16 : x;
    }

    static long uint32(byte[] b, int off, boolean littleEndian) {
        int x = (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        return Integer.toUnsignedLong(littleEndian ? Integer.reverseBytes(x) : x);
    }

    /** Exactly {@code n} bytes ({@code n} already checked against a limit), or a CaptureException. */
    static byte[] exactly(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new CaptureException("truncated capture: " + what + " needs " + n + " bytes, " + b.length + " left");
        }
        return b;
    }
}
