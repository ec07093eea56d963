package org.sshwire.transport.research;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Predicate;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * The deterministic random stream Go's recording tests use: SHAKE128 over empty input, read in
 * order (../shared/vectors/README.md). Bouncy Castle's SHAKE is used directly because this is a
 * test's emulation of Go, not a primitive sshwire runs on.
 */
final class GoTestRandom {
    static final byte[] STREAM = new byte[16 * 1024];

    static {
        SHAKEDigest shake = new SHAKEDigest(128);
        shake.doFinal(STREAM, 0, STREAM.length);
    }

    private GoTestRandom() {
    }

    /** The first window of {@code length} bytes of the stream that satisfies {@code test}. */
    static byte[] find(int length, Predicate<byte[]> test) {
        for (int off = 0; off + length <= STREAM.length; off++) {
            byte[] w = Arrays.copyOfRange(STREAM, off, off + length);
            if (test.test(w)) {
                return w;
            }
        }
        throw new AssertionError("no window of " + length + " bytes in Go's random stream matches");
    }

    /** Go's crypto/rand.Int(r, max) applied to a window: top byte masked to max's bit length. */
    static BigInteger goRandInt(byte[] window, BigInteger max) {
        int b = max.bitLength() % 8;
        if (b == 0) {
            b = 8;
        }
        byte[] w = window.clone();
        w[0] &= (byte) ((1 << b) - 1);
        return new BigInteger(1, w);
    }
}
