package org.sshwire.transport.crypto.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.internal.plain.PlainPoly1305;

/**
 * The Vector API Poly1305 gives the tag of the plain code and of Bouncy Castle for any key, any
 * message of 0-70 000 bytes and any split into {@code update} calls (partial blocks carried
 * across calls, vector steps starting after a held-back block).
 */
class VectorPoly1305Properties {
    private static final int STEP = VectorPoly1305.stepBytes();

    @Provide
    Arbitrary<byte[]> keys() {
        // One in four keys has r at its clamped maximum (first 16 bytes 0xFF).
        return Arbitraries.bytes().array(byte[].class).ofSize(32)
                .flatMap(k -> Arbitraries.of(false, false, false, true).map(max -> {
                    byte[] c = k.clone();
                    if (max) {
                        java.util.Arrays.fill(c, 0, 16, (byte) 0xff);
                    }
                    return c;
                }));
    }

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 70_000)),
                Tuple.of(2, Arbitraries.integers().between(0, 10 * STEP)),
                Tuple.of(1, Arbitraries.of(4 * STEP - 1, 4 * STEP, 4 * STEP + 1, 32_768, 32_768 + 15)));
        Arbitrary<byte[]> random = lengths.flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
        Arbitrary<byte[]> ones = lengths.map(n -> {
            byte[] b = new byte[n];
            java.util.Arrays.fill(b, (byte) 0xff);
            return b;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(1, ones));
    }

    @Provide
    Arbitrary<List<Integer>> pieces() {
        Arbitrary<Integer> piece = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 40)),
                Tuple.of(2, Arbitraries.integers().between(0, 8 * STEP)),
                Tuple.of(1, Arbitraries.integers().between(0, 40_000)));
        return piece.list().ofMaxSize(8);
    }

    private static byte[] tag(Poly1305 p, byte[] key, byte[] msg, List<Integer> pieces) {
        p.init(key);
        int done = 0;
        for (int n : pieces) {
            int len = Math.min(n, msg.length - done);
            p.update(msg, done, len);
            done += len;
        }
        p.update(msg, done, msg.length - done);
        byte[] t = new byte[16];
        p.doFinal(t, 0);
        return t;
    }

    @Property(tries = 250)
    void anySplitGivesThePlainAndBouncyCastleTag(@ForAll("keys") byte[] key, @ForAll("messages") byte[] msg,
            @ForAll("pieces") List<Integer> pieces) {
        byte[] want = tag(new PlainPoly1305(), key, msg, List.of());
        assertArrayEquals(want, tag(CryptoBackend.bcOnly().poly1305(), key, msg, List.of()), "Bouncy Castle");
        assertArrayEquals(want, tag(new VectorPoly1305(), key, msg, pieces), "vector");
        assertArrayEquals(want, tag(new VectorPoly1305(STEP), key, msg, pieces), "vector, threshold one step");
    }
}
