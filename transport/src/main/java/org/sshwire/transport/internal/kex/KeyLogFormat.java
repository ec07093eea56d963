package org.sshwire.transport.internal.kex;

import java.math.BigInteger;
import java.util.Arrays;

/** Byte forms used by the key log. */
final class KeyLogFormat {
    private KeyLogFormat() {
    }

    /** Unsigned big-endian bytes without a sign byte. */
    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
