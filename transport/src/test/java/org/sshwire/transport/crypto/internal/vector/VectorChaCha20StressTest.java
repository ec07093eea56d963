package org.sshwire.transport.crypto.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.internal.plain.PlainChaCha20;

/**
 * The Vector API keystream still equals the plain one after C2 has compiled it. The other tests
 * mostly run interpreted or in C1, where the Vector API is Java code; the C2 intrinsics are
 * different code. A first version transposed with a gather ({@code IntVector.fromArray} with an
 * index map), which JDK 17's C2 got wrong on AVX-512 after about 200 packets: every word but the
 * first of each block was garbage, and OpenSSH clients saw corrupt packets with valid tags.
 */
class VectorChaCha20StressTest {

    @Test
    void packetsAfterJitCompilationMatchThePlainKeystream() {
        Random rnd = new Random(2017);
        byte[] key = new byte[32];
        rnd.nextBytes(key);
        ChaCha20 plain = new PlainChaCha20(key);
        ChaCha20 vector = new VectorChaCha20(key);
        byte[] nonce = new byte[12];
        byte[] data = new byte[33_000];
        rnd.nextBytes(data);
        byte[] want = new byte[data.length];
        byte[] got = new byte[data.length];
        // Enough packets for C2 to compile step() (it did after ~200 in a plain JVM) and run it a while.
        for (int packet = 0; packet < 3000; packet++) {
            rnd.nextBytes(nonce);
            int len = 32_768 + rnd.nextInt(100);
            System.arraycopy(data, 0, want, 0, data.length);
            System.arraycopy(data, 0, got, 0, data.length);
            plain.start(nonce, 1);
            vector.start(nonce, 1);
            plain.apply(want, 4, len, want, 4);
            vector.apply(got, 4, len, got, 4);
            if (!java.util.Arrays.equals(want, got)) {
                assertArrayEquals(want, got, "packet " + packet);
            }
        }
    }
}
