package org.sshwire.transport.crypto.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.internal.plain.PlainChaCha20;

/**
 * The Vector API keystream equals the plain one byte for byte, for any key, nonce, counter and
 * any split of the input into consecutive {@code apply} calls at arbitrary offsets (leftover
 * keystream carried across calls, vector steps starting wherever a call leaves a block boundary).
 */
class VectorChaCha20Properties {
    private static final int STEP = VectorChaCha20.stepBytes();

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<byte[]> nonces() {
        return Arbitraries.bytes().array(byte[].class).ofSize(12);
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        // Up to four vector steps and a bit, weighted towards the step boundaries.
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 4 * STEP + 130)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(STEP - 1, STEP, STEP + 1, 2 * STEP, 2 * STEP + 64, 3 * STEP - 4)));
        return lengths.flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
    }

    @Provide
    Arbitrary<List<Integer>> pieces() {
        // Piece sizes; the last call takes whatever is left. Mixes tiny pieces, block-sized ones
        // and pieces longer than a vector step.
        Arbitrary<Integer> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 70)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 3 * STEP)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(4, 60, 64, 128)));
        return piece.list().ofMaxSize(8);
    }

    @Property(tries = 300)
    void splitCallsAtOffsetsGiveThePlainKeystream(@ForAll("keys") byte[] key, @ForAll("nonces") byte[] nonce,
            @ForAll int counter, @ForAll("inputs") byte[] input, @ForAll("pieces") List<Integer> pieces,
            @ForAll @IntRange(max = 40) int inOff, @ForAll @IntRange(max = 40) int outOff) {
        ChaCha20 plain = new PlainChaCha20(key);
        plain.start(nonce, counter);
        byte[] want = new byte[input.length];
        plain.apply(input, 0, input.length, want, 0);

        byte[] src = new byte[inOff + input.length];
        System.arraycopy(input, 0, src, inOff, input.length);
        byte[] dst = new byte[outOff + input.length];
        ChaCha20 c = new VectorChaCha20(key);
        c.start(nonce, counter);
        int done = 0;
        for (int p : pieces) {
            int n = Math.min(p, input.length - done);
            c.apply(src, inOff + done, n, dst, outOff + done);
            done += n;
        }
        c.apply(src, inOff + done, input.length - done, dst, outOff + done);
        assertArrayEquals(want, java.util.Arrays.copyOfRange(dst, outOff, outOff + input.length));
    }

    @Property(tries = 100)
    void inPlaceGivesThePlainKeystream(@ForAll("keys") byte[] key, @ForAll("nonces") byte[] nonce,
            @ForAll int counter, @ForAll("inputs") byte[] input, @ForAll @IntRange(max = 5000) int split) {
        int s = Math.min(split, input.length);
        ChaCha20 plain = new PlainChaCha20(key);
        plain.start(nonce, counter);
        byte[] want = input.clone();
        plain.apply(want, 0, want.length, want, 0);
        ChaCha20 c = new VectorChaCha20(key);
        c.start(nonce, counter);
        byte[] got = input.clone();
        c.apply(got, 0, s, got, 0);
        c.apply(got, s, got.length - s, got, s);
        assertArrayEquals(want, got);
    }
}
