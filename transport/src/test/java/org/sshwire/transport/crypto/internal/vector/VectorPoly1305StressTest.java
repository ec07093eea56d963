package org.sshwire.transport.crypto.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.internal.plain.PlainPoly1305;

/**
 * The Vector API Poly1305 still equals the plain one after C2 has compiled it: the other tests
 * run mostly interpreted or in C1, where the Vector API is Java code, while C2 substitutes its
 * intrinsics (JDK 17's C2 miscompiled a gather in {@link VectorChaCha20} after ~200 packets
 * with the interpreter right). Thousands of packet-sized messages, every tag compared: with
 * {@code -XX:+PrintCompilation} the same loop had the vector loop C2-compiled (OSR) by packet 250
 * and the whole method by about packet 600, so over 3 000 tags come from C2's code.
 */
class VectorPoly1305StressTest {

    @Test
    void tagsAfterJitCompilationMatchThePlainCode() {
        Random rnd = new Random(1305);
        byte[] key = new byte[32];
        byte[] data = new byte[33_000];
        byte[] ones = new byte[33_000];
        Arrays.fill(ones, (byte) 0xff);
        byte[] want = new byte[16];
        byte[] got = new byte[16];
        Poly1305 plain = new PlainPoly1305();
        Poly1305 vector = new VectorPoly1305();
        for (int packet = 0; packet < 4000; packet++) {
            rnd.nextBytes(key);
            if (packet % 5 == 0) {
                Arrays.fill(key, 0, 16, (byte) 0xff); // r at its clamped maximum
            }
            byte[] msg = packet % 3 == 0 ? ones : data;
            if (msg == data) {
                rnd.nextBytes(data);
            }
            int len = 32_768 + rnd.nextInt(100);
            int off = rnd.nextInt(8);
            plain.init(key);
            plain.update(msg, off, len);
            plain.doFinal(want, 0);
            vector.init(key);
            if (packet % 7 == 0) {
                // SSH-like splits: a 4-byte length, then the rest.
                vector.update(msg, off, 4);
                vector.update(msg, off + 4, len - 4);
            } else {
                vector.update(msg, off, len);
            }
            vector.doFinal(got, 0);
            if (!Arrays.equals(want, got)) {
                assertArrayEquals(want, got, "packet " + packet + ", length " + len + ", key " + HexFormat.of().formatHex(key));
            }
        }
    }
}
